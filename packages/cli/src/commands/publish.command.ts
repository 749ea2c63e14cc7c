import { readProposal } from '../proposal';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import type { CliSettings } from '../settings/cli-settings.interface';
import { publishKeys, type PublishOptions, type PublishResult } from './publish-keys';
import { publishingBackendOf, waitAfterPublish, type PublishWait } from './publish-wait';
import { validateProposal } from './validate.command';
import type { ValidationReport } from './validation-report';

/** What a publishing command (publish, rollback, import) did: the validation, the publish, and what `--wait` saw. */
export interface PublishOutcome {
  readonly report: ValidationReport;
  readonly result?: PublishResult;
  readonly wait?: PublishWait;
}

/**
 * `publish FILE|DIR -m MESSAGE [--wait]`: validates the proposal as `validate` does; only a valid
 * one is published; with `wait`, then waits for the instances to apply it.
 */
export async function publishCommand(
  settings: CliSettings,
  target: string,
  cwd: string,
  options: PublishOptions,
  wait?: RolloutWaitOptions,
): Promise<PublishOutcome> {
  const proposal = await readProposal(target, cwd);
  const report = await validateProposal(settings, proposal, cwd);
  if (!report.valid) return { report };
  const backend = publishingBackendOf(settings, 'publish', wait);
  try {
    const result = await publishKeys(backend, settings, proposal.keys, options);
    return { report, result, wait: await waitAfterPublish(backend, settings, result, wait) };
  } finally {
    backend.close();
  }
}
