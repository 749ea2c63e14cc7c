import type { KeyValues } from '../config-keys';
import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import { publishKeys, type PublishOptions } from './publish-keys';
import type { PublishOutcome } from './publish.command';
import { publishingBackendOf, waitAfterPublish } from './publish-wait';
import { validateProposal } from './validate.command';

/**
 * `import FILE -m MESSAGE`: replaces the prefix with a whole config file (an `export` of this or
 * another prefix): validated as `validate` does, then published with the same compare-and-swap
 * transaction and history record as `publish --prune`, so the prefix holds exactly the file's keys.
 */
export async function importCommand(
  settings: CliSettings,
  file: string,
  cwd: string,
  options: Omit<PublishOptions, 'prune'>,
  wait?: RolloutWaitOptions,
): Promise<PublishOutcome> {
  const proposal = await readProposal(file, cwd);
  const backend = publishingBackendOf(settings, 'import', wait);
  try {
    const check = (keys: KeyValues) => validateProposal(settings, { ...proposal, keys }, cwd);
    const { report, result } = await publishKeys(backend, settings, proposal.keys, { ...options, prune: true }, check);
    return { report, result, wait: result && (await waitAfterPublish(backend, settings, result, wait)) };
  } finally {
    backend.close();
  }
}
