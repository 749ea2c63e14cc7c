import { readProposal } from '../proposal';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import type { CliSettings } from '../settings/cli-settings.interface';
import { publishKeys, type CheckedPublish, type ContentCheck, type PublishOptions } from './publish-keys';
import { publishingBackendOf, waitAfterPublish, type PublishWait } from './publish-wait';
import { validateProposal } from './validate.command';

/** What a publishing command (publish, rollback, import) did: the validation, the publish, and what `--wait` saw. */
export interface PublishOutcome extends CheckedPublish {
  readonly wait?: PublishWait;
}

/**
 * `publish FILE|DIR -m MESSAGE [--wait]`: validates what the publish would leave live — the live
 * keys it keeps with the proposal on top (with `--prune`, the proposal alone), over the base files —
 * as `validate` does; only a valid one is published; with `wait`, then waits for the instances to apply it.
 */
export async function publishCommand(
  settings: CliSettings,
  target: string,
  cwd: string,
  options: PublishOptions,
  wait?: RolloutWaitOptions,
): Promise<PublishOutcome> {
  const proposal = await readProposal(target, cwd);
  const backend = publishingBackendOf(settings, 'publish', wait);
  try {
    const check: ContentCheck = (content) => validateProposal(settings, { ...proposal, keys: content }, cwd);
    const { report, result } = await publishKeys(backend, settings, proposal.keys, options, check);
    return { report, result, wait: result && (await waitAfterPublish(backend, settings, result, wait)) };
  } finally {
    backend.close();
  }
}
