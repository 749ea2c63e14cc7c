import type { KeyValues } from '../config-keys';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import { readVersion } from './history.command';
import { publishKeys, type PublishOptions } from './publish-keys';
import type { PublishOutcome } from './publish.command';
import { publishingBackendOf, waitAfterPublish } from './publish-wait';
import { validateKeys } from './validate.command';

/**
 * `rollback VERSION -m MESSAGE`: publishes the version's content, once valid against today's
 * sections and base files, as a new version with the same compare-and-swap, deleting keys it did not hold, so
 * the prefix holds exactly that version's bytes again.
 */
export async function rollbackCommand(
  settings: CliSettings,
  version: string,
  options: Omit<PublishOptions, 'prune'>,
  wait?: RolloutWaitOptions,
): Promise<PublishOutcome> {
  const backend = publishingBackendOf(settings, 'rollback', wait);
  try {
    const record = await readVersion(backend, version);
    const content = new Map(Object.entries(record.content));
    const check = (keys: KeyValues) => validateKeys(settings, `version:${record.version}`, keys);
    const { report, result } = await publishKeys(backend, settings, content, { ...options, prune: true }, check);
    return { report, result, wait: result && (await waitAfterPublish(backend, settings, result, wait)) };
  } finally {
    backend.close();
  }
}
