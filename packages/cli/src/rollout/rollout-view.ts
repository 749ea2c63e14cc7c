import type { InstanceReport, InstanceReportProblem, InstanceReportsRead } from '@config-center/etcd/control';
import { sourceReading, type VersionTimeline } from './instance-version';

/**
 * Where an instance stands against the version looked at: `applied` it (or it runs it with
 * sections quarantined: `rejected`), `rejected` it, runs an older one (`behind`) or a newer one
 * (`ahead`), or `unknown` (no source of it reports a revision of the prefix).
 */
export type RolloutState = 'applied' | 'rejected' | 'behind' | 'ahead' | 'unknown';

/** One instance in `rollout`: who, which version it runs, where it stands, and why it rejected (path: constraint, never a value). */
export interface RolloutInstance {
  readonly instanceId: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The published version it runs (0: older than version 1); absent when unknown. */
  readonly version?: number;
  /** It also applied writes made outside the CLI after that version. */
  readonly outsideChanges: boolean;
  readonly state: RolloutState;
  /** `rateLimit.limit: must not be less than 1`, one per failed path, when rejected. */
  readonly why: readonly string[];
  /** The etcd revision it applied last. */
  readonly revision?: string;
  /** The content hash of the config the instance applied (`status().hash`): equal on instances that run the same content. */
  readonly hash?: string;
  /** The instance's own health: starting, ready or degraded. */
  readonly health: InstanceReport['state'];
  readonly host: string;
  readonly pid: number;
}

/** The counts of a rollout: how many instances stand where, and the reasons of those that rejected. */
export interface RolloutTotals {
  readonly instances: number;
  readonly applied: number;
  readonly rejected: number;
  /** Each distinct reason (`path: constraint`) of the rejecters. */
  readonly reasons: readonly string[];
  /** How many run each other version, `before v1` and unknown included. */
  readonly others: readonly { readonly version: string; readonly count: number }[];
}

/** `rollout`: the instances and where they stand against one version. */
export interface RolloutView {
  readonly prefix: string;
  readonly version: number;
  /** The etcd revision the records were read at. */
  readonly revision: string;
  readonly instances: readonly RolloutInstance[];
  /** Records that could not be read, by key (never their content). */
  readonly problems: readonly InstanceReportProblem[];
  readonly totals: RolloutTotals;
}

/**
 * Where `report` stands against `target`, by the revision its source of `prefix` applied.
 * `writtenAt` is the revision the record was written at: an instance writes its record after the
 * batches it names, so a revision at or above it was never one it saw (a forged record's, or a
 * rejection of a version never published): such a source revision counts as unknown, such a
 * rejection as nothing.
 */
export function rolloutInstance(
  report: InstanceReport,
  prefix: string,
  timeline: VersionTimeline,
  target: number,
  writtenAt = Infinity,
): RolloutInstance {
  const { instanceId, labels, state: health, host, pid, hash } = report;
  const base = { instanceId, labels, hash, health, host, pid, outsideChanges: false, why: [] as string[] };
  const source = sourceReading(report, prefix);
  if (source?.revision === undefined || Number(source.revision) >= writtenAt) return { ...base, state: 'unknown' };
  const revision = Number(source.revision);
  const version = timeline.versionAt(revision);
  const known = { ...base, version, revision: source.revision, outsideChanges: timeline.outsideChangesAt(version, revision) };
  const issues = (list: readonly { path: string; constraint: string }[]) => list.map(({ path, constraint }) => `${path}: ${constraint}`);
  const rejections = report.rejections.filter(
    (entry) => entry.source === source.name && entry.revision !== undefined && Number(entry.revision) < writtenAt,
  );
  if (version > target) return { ...known, state: 'ahead' };
  if (version === target) {
    // Sections a rejection at or below the applied revision quarantined: it runs the version without them.
    const quarantined = report.quarantined.filter((section) => section.source === source.name);
    const rejectedOnTheWay = rejections.some(
      (entry) => timeline.versionAt(Number(entry.revision)) === target && Number(entry.revision) <= revision,
    );
    if (!quarantined.length || !rejectedOnTheWay) return { ...known, state: 'applied' };
    return { ...known, state: 'rejected', why: unique(quarantined.flatMap((section) => issues(section.issues))) };
  }
  const rejection = rejections.filter((entry) => timeline.versionAt(Number(entry.revision)) >= target).at(-1);
  return rejection ? { ...known, state: 'rejected', why: unique(issues(rejection.issues)) } : { ...known, state: 'behind' };
}

/**
 * The view of `reports` against `target`, with its totals. `place` places one report (default
 * `rolloutInstance`); a caller that sees the same records again can give one that remembers.
 */
export function rolloutView(
  read: InstanceReportsRead,
  prefix: string,
  timeline: VersionTimeline,
  target: number,
  place: (report: InstanceReport) => RolloutInstance = (report) =>
    rolloutInstance(report, prefix, timeline, target, writtenAtOf(read, report)),
): RolloutView {
  const instances = read.reports.map(place);
  return { prefix, version: target, revision: read.revision, instances, problems: read.problems, totals: totalsOf(instances) };
}

/** The revision `report` was written at, as `read` found it (a number for `rolloutInstance`). */
export function writtenAtOf(read: InstanceReportsRead, report: InstanceReport): number {
  const revision = read.writtenAt.get(report.instanceId);
  return revision === undefined ? Infinity : Number(revision);
}

/** `v12`, `v12 + outside changes`, `before v1` or `unknown`. */
export function versionLabel(instance: Pick<RolloutInstance, 'version' | 'outsideChanges'>): string {
  if (instance.version === undefined) return 'unknown';
  const name = instance.version === 0 ? 'before v1' : `v${instance.version}`;
  return instance.outsideChanges ? `${name} + outside changes` : name;
}

function totalsOf(instances: readonly RolloutInstance[]): RolloutTotals {
  const rejecters = instances.filter((instance) => instance.state === 'rejected');
  const others = new Map<string, number>();
  for (const instance of instances) {
    if (instance.state === 'applied' || instance.state === 'rejected') continue;
    const version = instance.version === undefined ? 'unknown' : instance.version === 0 ? 'before v1' : `v${instance.version}`;
    others.set(version, (others.get(version) ?? 0) + 1);
  }
  return {
    instances: instances.length,
    applied: instances.filter((instance) => instance.state === 'applied').length,
    rejected: rejecters.length,
    reasons: unique(rejecters.flatMap((instance) => instance.why)),
    others: [...others].map(([version, count]) => ({ version, count })),
  };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
