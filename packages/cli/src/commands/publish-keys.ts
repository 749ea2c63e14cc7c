import { userInfo } from 'node:os';
import type { ConfigBackend } from '../backend/config-backend.interface';
import { planPublish, type RetiredKey } from '../backend/publish-plan';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { historyRecord } from '../history/history-record';
import { describeOutsideChanges, outsideChanges, type OutsideChanges } from '../history/outside-changes';
import { printedHash } from '../output/printed-hash';
import { countOf } from '../output/progress';
import type { CliSettings } from '../settings/cli-settings.interface';
import { diffKeys, type KeyDiff } from './key-diff';
import { uncheckedSecretText, type ValidationReport } from './validation-report';

/** What a publish did (or, with `--dry-run`, would do). */
export interface PublishResult {
  readonly prefix: string;
  /** The version written, or that a dry run would write. */
  readonly version: number;
  /** The content's hash as printed (`printedHash`): never the stored, unkeyed one. */
  readonly hash: string;
  readonly dryRun: boolean;
  readonly diff: KeyDiff;
  /** How the live keys read differed from the last version: changes made outside the CLI, which this version records. */
  readonly changedOutside?: OutsideChanges;
  /** What the operator should know about the transaction (a compare left out to fit a limit). */
  readonly warnings: readonly string[];
}

/** How to publish: the message, and the `--dry-run` / `--prune` / `--show-values` flags. */
export interface PublishOptions {
  readonly message: string;
  readonly dryRun: boolean;
  readonly prune: boolean;
  readonly showValues: boolean;
  /** `--force`: publish even while a canary release runs on the prefix (it stays on top for its instances). */
  readonly force?: boolean;
  /** The canary record a promote removes in the same transaction (see `canary promote`). */
  readonly retire?: RetiredKey;
  /** Publish only while this is still the last version (a rollback of it must not undo a later one). */
  readonly onlyAfter?: number;
}

/** Validates the content a publish would leave under the prefix (the live keys it keeps, and what it writes). */
export type ContentCheck = (content: KeyValues) => Promise<ValidationReport>;

/** The validation of the content a publish would leave, and the publish when that was valid. */
export interface CheckedPublish {
  readonly report: ValidationReport;
  readonly result?: PublishResult;
}

/**
 * Publishes keys as one transaction of the backend, once `check` found the content it leaves valid
 * (the live keys it keeps and the keys it writes: exactly what the instances will load). The
 * transaction compares what was read — every key's mod revision or `ModifyIndex`, absent keys, the
 * version counter, the new history record's absence — then writes the changed keys, the record and
 * the counter, so what was validated is what is live after it. A compare that fails means someone
 * published since the read: a conflict, exit 1, nothing written. Beyond the backend's limits it is
 * refused, never split.
 */
export async function publishKeys(
  backend: ConfigBackend,
  settings: CliSettings,
  proposed: KeyValues,
  options: PublishOptions,
  check: ContentCheck,
): Promise<CheckedPublish> {
  // The counter is read before the keys, so that a publish made after the read fails the counter's compare.
  const [absent, counter] = await Promise.all([
    options.force || options.retire ? undefined : refuseDuringCanary(backend),
    backend.readCounter(),
  ]);
  if (options.onlyAfter !== undefined && counter.version !== options.onlyAfter) {
    throw new CliError(`version ${counter.version} was published after version ${options.onlyAfter}: nothing written`, ExitCode.invalid);
  }
  const [live, lastRecord] = await Promise.all([backend.readEntries(), counter.version ? backend.readRecord(counter.version) : undefined]);
  settings.progress?.report(`reading ${backend.prefix} … ${countOf(live.size, 'key')}`);
  const plan = planPublish(live, proposed, options.prune);
  const report = await check(plan.content);
  if (!report.valid) return { report };
  const liveValues = new Map([...live].map(([key, { value }]) => [key, value]));
  const diff = diffKeys(backend.prefix, liveValues, plan.content, options.showValues);
  const version = counter.version + 1;
  const record = historyRecord(version, authorOf(settings), options.message, plan.content);
  const prepared = backend.preparePublish({ live, counter, plan, record, retire: options.retire, absent });
  const changedOutside = counter.version ? outsideChanges(backend.prefix, lastRecord, live, false, settings.hashKey) : undefined;
  const unchecked = (report.uncheckedSecrets ?? []).map(uncheckedSecretText);
  const result = {
    prefix: backend.prefix,
    version,
    hash: printedHash(record.hash, settings.hashKey),
    dryRun: options.dryRun,
    diff,
    warnings: [...(counter.repaired ? [counter.repaired] : []), ...prepared.warnings, ...unchecked],
    ...(changedOutside && { changedOutside }),
  };
  if (options.dryRun) return { report, result };
  settings.progress?.report(`committing version ${version} (${countOf(plan.puts.size + plan.deletes.length, 'change')})…`);
  if (!(await prepared.commit())) {
    throw new CliError(
      `conflict: ${backend.describe()} changed since it was read (another publish, version ${version} or later, a canary started, or a write outside the CLI); ` +
        'nothing was written: run diff and publish again',
      ExitCode.invalid,
    );
  }
  return { report, result };
}

/**
 * A publish to a prefix where a canary runs is refused (exit 1): promote or abort it first, or
 * `--force`. Otherwise the canary record's key, for the transaction to check it is still absent.
 */
async function refuseDuringCanary(backend: ConfigBackend): Promise<string | undefined> {
  const area = backend.canaryArea?.();
  const canary = await area?.read();
  if (!canary) return area?.key;
  const name = 'release' in canary ? `'${canary.release.releaseId}'` : 'that cannot be read';
  throw new CliError(
    `${backend.describe()} has a canary release ${name} running: promote or abort it first (config-center canary promote|abort), or publish with --force`,
    ExitCode.invalid,
  );
}

/** The author of a change: `--author`, `$CONFIG_CENTER_AUTHOR`, `author:` in the project file, or the OS user. */
export function authorOf(settings: CliSettings): string {
  if (settings.author) return settings.author;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The result as lines: the diff's summary, then what was published. */
export function formatPublish(result: PublishResult): string[] {
  const count = (kind: string) => result.diff.changes.filter((change) => change.kind === kind).length;
  const summary = `${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`;
  const outside = result.changedOutside
    ? [
        `note: ${result.prefix} was ${describeOutsideChanges(result.changedOutside)}; version ${result.version} records them as they are after this publish`,
      ]
    : [];
  return result.dryRun
    ? [...outside, `dry run: would publish version ${result.version} to ${result.prefix} (${summary}); nothing written`]
    : [...outside, `published version ${result.version} to ${result.prefix} (${summary}), ${result.hash}`];
}
