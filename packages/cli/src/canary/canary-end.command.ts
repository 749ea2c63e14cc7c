import { publishKeys, type PublishResult } from '../commands/publish-keys';
import { validateKeys } from '../commands/validate.command';
import type { ValidationReport } from '../commands/validation-report';
import type { KeyValues } from '../config-keys';
import type { CliSettings } from '../settings/cli-settings.interface';
import { canaryConflict, runningCanary, withCanaryArea } from './canary-backend';

/** How to promote: the history message (default: the canary's own) and `--dry-run`. */
export interface CanaryPromoteOptions {
  readonly message?: string;
  readonly dryRun: boolean;
}

/**
 * `canary promote`: the main config with the canary's keys on top, as read for the transaction, is validated, then published as
 * one transaction that also removes the canary record (compared by its mod revision): the keys,
 * a history version and the removal land in one etcd revision, so every instance ends on the same
 * content, and an instance in the canary sees no intermediate state.
 */
export function canaryPromoteCommand(
  settings: CliSettings,
  options: CanaryPromoteOptions,
): Promise<{ releaseId: string; report: ValidationReport; result?: PublishResult }> {
  return withCanaryArea(settings, 'canary promote', async (canary) => {
    const { release, modRevision } = await runningCanary(canary, 'canary promote');
    const keys = new Map(Object.entries(release.keys));
    const message = options.message ?? `promote ${release.releaseId}: ${release.message}`;
    const retire = { key: canary.area.key, modRevision };
    const check = (content: KeyValues) => validateKeys(settings, `canary:${release.releaseId}`, content);
    const publish = { message, dryRun: options.dryRun, prune: false, showValues: false, retire };
    const { report, result } = await publishKeys(canary.backend, settings, keys, publish, check);
    return { releaseId: release.releaseId, report, result };
  });
}

/** `canary abort`: removes the canary record if it is still the one read; its instances return to the main config, each in one batch. */
export function canaryAbortCommand(settings: CliSettings): Promise<{ releaseId: string }> {
  return withCanaryArea(settings, 'canary abort', async (canary) => {
    const stored = await canary.area.read();
    const { modRevision } = stored ?? (await runningCanary(canary, 'canary abort'));
    if (!(await canary.area.remove(modRevision))) throw canaryConflict(canary.backend, 'canary abort');
    return { releaseId: stored && 'release' in stored ? stored.release.releaseId : canary.area.key };
  });
}
