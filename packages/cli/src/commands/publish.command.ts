import { userInfo } from 'node:os';
import type { EtcdBackend } from '../backend/etcd-backend';
import { planPublish, publishTxn } from '../backend/publish-txn';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import { historyRecord } from '../history/history-record';
import { countOf } from '../output/progress';
import { checkTxnLimits } from '../history/txn-limits';
import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import { requireEtcd } from './backend-of';
import { diffKeys, type KeyDiff } from './key-diff';
import { validateProposal } from './validate.command';
import type { ValidationReport } from './validation-report';

/** What a publish did (or, with `--dry-run`, would do). */
export interface PublishResult {
  readonly prefix: string;
  /** The version written, or that a dry run would write. */
  readonly version: number;
  readonly hash: string;
  readonly dryRun: boolean;
  readonly diff: KeyDiff;
}

/** How to publish: the message, and the `--dry-run` / `--prune` / `--show-values` flags. */
export interface PublishOptions {
  readonly message: string;
  readonly dryRun: boolean;
  readonly prune: boolean;
  readonly showValues: boolean;
}

/**
 * Publishes already-validated keys as one etcd transaction: it compares the mod revision of every
 * key read (version 0 for keys that did not exist) and of the version counter, then writes the
 * changed keys, the history record and the counter. A compare that fails means someone published
 * since the read: a conflict, exit 1, nothing written. Beyond etcd's limits it is refused, never split.
 */
export async function publishKeys(
  backend: EtcdBackend,
  settings: CliSettings,
  proposed: KeyValues,
  options: PublishOptions,
): Promise<PublishResult> {
  const counter = await backend.readCounter();
  const live = await backend.readEntries();
  settings.progress?.report(`reading ${backend.prefix} … ${countOf(live.size, 'key')}`);
  const liveValues = new Map([...live].map(([key, { value }]) => [key, value]));
  const plan = planPublish(live, proposed, options.prune);
  const diff = diffKeys(backend.prefix, liveValues, plan.content, options.showValues);
  const version = counter.version + 1;
  const record = historyRecord(version, authorOf(settings), options.message, plan.content);
  const keys = { counter: backend.control.counter, record: backend.control.record(version) };
  const txn = publishTxn(backend.prefix, live, counter, plan, keys, record);
  checkTxnLimits({ compares: txn.compares.length, operations: txn.operations.length, bytes: txn.bytes }, backend.describe());
  const result = { prefix: backend.prefix, version, hash: record.hash, dryRun: options.dryRun, diff };
  if (options.dryRun) return result;
  settings.progress?.report(`committing ${countOf(txn.operations.length, 'operation')}…`);
  if (!(await backend.commit(txn))) {
    throw new CliError(
      `conflict: ${backend.describe()} changed since it was read (another publish, version ${version} or later, or a write outside the CLI); ` +
        'nothing was written: run diff and publish again',
      ExitCode.invalid,
    );
  }
  return result;
}

/** The author of a change: `--author`, `$CONFIG_CENTER_AUTHOR`, `author:` in the project file, or the OS user. */
function authorOf(settings: CliSettings): string {
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
  return result.dryRun
    ? [`dry run: would publish version ${result.version} to ${result.prefix} (${summary}); nothing written`]
    : [`published version ${result.version} to ${result.prefix} (${summary}), ${result.hash}`];
}

/** `publish FILE|DIR -m MESSAGE`: validates the proposal as `validate` does; only a valid one is published. */
export async function publishCommand(
  settings: CliSettings,
  target: string,
  cwd: string,
  options: PublishOptions,
): Promise<{ report: ValidationReport; result?: PublishResult }> {
  const proposal = await readProposal(target, cwd);
  const report = await validateProposal(settings, proposal, cwd);
  if (!report.valid) return { report };
  const backend = requireEtcd(settings, 'publish');
  try {
    return { report, result: await publishKeys(backend, settings, proposal.keys, options) };
  } finally {
    backend.close();
  }
}
