import { randomBytes } from 'node:crypto';
import { checkedLabels } from '@config-center/core/tooling';
import { CANARY_RELEASE_FORMAT, type CanaryRelease, type CanarySelector } from '@config-center/etcd/control';
import { planPublish } from '../backend/publish-plan';
import { CliError, ExitCode } from '../cli-error';
import { diffKeys, type KeyDiff } from '../commands/key-diff';
import { authorOf } from '../commands/publish-keys';
import { validateKeys } from '../commands/validate.command';
import type { ValidationReport } from '../commands/validation-report';
import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import { canaryConflict, describeSelector, runningCanary, withCanaryArea } from './canary-backend';

/** What `canary start` did (or, with `--dry-run`, would do). */
export interface CanaryStartResult {
  readonly prefix: string;
  readonly releaseId: string;
  readonly selector: CanarySelector;
  /** The canary's keys against the main config, values hidden. */
  readonly diff: KeyDiff;
  readonly dryRun: boolean;
}

/** How to start: the message, the selector (`--labels` or `--percent`) and `--dry-run`. */
export interface CanaryStartOptions {
  readonly message: string;
  readonly selector: CanarySelector;
  readonly dryRun: boolean;
}

/**
 * `canary start FILE -m MSG (--labels k=v,… | --percent N)`: the proposal's keys that differ from
 * the main config become the canary; the main config with them on top is validated as `validate`
 * does; only a valid one is written, with the compares of a publish (the main config as read) and
 * only if no canary runs. The release id is new and random; widening keeps it.
 */
export async function canaryStartCommand(
  settings: CliSettings,
  target: string,
  cwd: string,
  options: CanaryStartOptions,
): Promise<{ report: ValidationReport; result?: CanaryStartResult }> {
  const proposal = await readProposal(target, cwd);
  return withCanaryArea(settings, 'canary start', async ({ backend, area }) => {
    const running = await area.read();
    if (running) {
      const name = 'release' in running ? `'${running.release.releaseId}'` : 'that cannot be read';
      throw new CliError(`${backend.describe()} has a canary release ${name} running: promote or abort it first`, ExitCode.invalid);
    }
    const [counter, live] = [await backend.readCounter(), await backend.readEntries()];
    const plan = planPublish(live, proposal.keys, false);
    if (!plan.puts.size) throw new CliError(`nothing to release: every key of '${target}' already has its live value`, ExitCode.invalid);
    const report = await validateKeys(settings, proposal.name, plan.content, proposal.leftOut);
    if (!report.valid) return { report };
    const liveValues = new Map([...live].map(([key, { value }]) => [key, value]));
    const release: CanaryRelease = {
      format: CANARY_RELEASE_FORMAT,
      releaseId: `canary-${randomBytes(6).toString('hex')}`,
      selector: options.selector,
      keys: Object.fromEntries(plan.puts),
      message: options.message,
      author: authorOf(settings),
      baseVersion: counter.version,
      startedAt: new Date().toISOString(),
    };
    const diff = diffKeys(backend.prefix, liveValues, plan.content, false);
    const result = { prefix: backend.prefix, releaseId: release.releaseId, selector: release.selector, diff, dryRun: options.dryRun };
    if (!options.dryRun && !(await area.start(release, { live, counter, plan }))) throw canaryConflict(backend, 'canary start');
    return { report, result };
  });
}

/**
 * `canary widen --percent N`: the running percent canary to a larger share, same release id (so
 * every instance already in stays in: membership hashes the id, not the percent).
 */
export async function canaryWidenCommand(settings: CliSettings, percent: number): Promise<{ releaseId: string; from: number; to: number }> {
  return withCanaryArea(settings, 'canary widen', async (canary) => {
    const { release, modRevision } = await runningCanary(canary, 'canary widen');
    if (!('percent' in release.selector)) {
      throw new CliError(
        `canary widen: the canary '${release.releaseId}' selects by ${describeSelector(release)}, not by percent`,
        ExitCode.usage,
      );
    }
    const from = release.selector.percent;
    if (percent <= from) throw new CliError(`canary widen: --percent ${percent} is not above the canary's ${from}`, ExitCode.usage);
    if (!(await canary.area.replace({ ...release, selector: { percent } }, modRevision)))
      throw canaryConflict(canary.backend, 'canary widen');
    return { releaseId: release.releaseId, from, to: percent };
  });
}

/** `--labels zone=a,tier=web` as a labels selector, checked as instance labels are; a usage error naming the flag otherwise. */
export function labelsSelector(text: string): CanarySelector {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [name, value, ...rest] = pair.split('=');
    if (!name || value === undefined || rest.length)
      throw new CliError(`--labels takes name=value pairs separated by commas, not '${pair}'`, ExitCode.usage);
    labels[name.trim()] = value.trim();
  }
  try {
    return { labels: checkedLabels(labels) };
  } catch (error) {
    throw new CliError(`--labels: ${(error as Error).message}`, ExitCode.usage);
  }
}

/** `--percent 10` as a number in (0, 100]; a usage error otherwise. */
export function percentOf(text: string): number {
  const percent = Number(text);
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100)
    throw new CliError(`--percent must be a number above 0 and at most 100, not '${text}'`, ExitCode.usage);
  return percent;
}
