import type { InstanceReport } from '@config-center/etcd/control';
import type { HistoryRecord } from '../history/history-record';

/** What `rollout` needs of one history record: its number, content hash and the revision its publish committed at. */
export type CommittedVersion = Pick<HistoryRecord, 'version' | 'revision' | 'hash'>;

/** The source of an instance's record that reads the service's prefix, as its report names it. */
export type ReportedSource = InstanceReport['sources'][number];

interface Committed {
  readonly version: number;
  readonly revision: number;
  readonly hash: string;
}

/**
 * Which published version a revision holds: the history's versions with the revision each
 * committed at, and the mod revisions of the live keys (to tell writes made outside the CLI).
 */
export class VersionTimeline {
  private readonly committed: readonly Committed[];

  constructor(
    records: readonly CommittedVersion[],
    private readonly liveModRevisions: readonly number[],
  ) {
    this.committed = records
      .filter((record) => record.revision !== undefined)
      .map((record) => ({ version: record.version, revision: Number(record.revision), hash: record.hash }))
      .sort((a, b) => a.revision - b.revision);
  }

  /** The last version published, 0 before the first. */
  get latest(): number {
    return this.committed.at(-1)?.version ?? 0;
  }

  /**
   * The version an instance runs once it applied `revision`: the newest one whose history record
   * was committed at or below it (0: older than version 1) — the publish writes its record in the
   * same transaction as its keys, so that revision holds exactly that version's keys — or a later
   * one with the same content that changed no key since (a rollback to the content already live
   * writes no key, so no instance sees a revision of it).
   */
  versionAt(revision: number): number {
    let index = -1;
    this.committed.forEach((entry, i) => (entry.revision <= revision ? (index = i) : undefined));
    if (index < 0) return 0;
    while (index + 1 < this.committed.length && this.sameContent(index, index + 1, revision)) index++;
    return this.committed[index].version;
  }

  /**
   * Whether an instance at `revision` (running `version`) also applied writes made outside the CLI:
   * a live key changed after that version was committed and at or below the revision. (A key
   * deleted outside the CLI leaves no revision in the live state: `history` names those.)
   */
  outsideChangesAt(version: number, revision: number): boolean {
    const committedAt = this.committed.find((entry) => entry.version === version)?.revision ?? 0;
    return this.liveModRevisions.some((modRevision) => modRevision > committedAt && modRevision <= revision);
  }

  /** Whether the version at `next` holds what the one at `index` held, with no live key written between `revision` and its commit. */
  private sameContent(index: number, next: number, revision: number): boolean {
    const { hash, revision: committedAt } = this.committed[next];
    return hash === this.committed[index].hash && !this.liveModRevisions.some((mod) => mod > revision && mod <= committedAt);
  }
}

/**
 * The source of an instance that reads `prefix`: the one named as `EtcdConfigSource` names itself
 * by default (`etcd:<prefix>`), else the only source that reports a revision; undefined when none
 * or several could be it.
 */
export function sourceReading(report: InstanceReport, prefix: string): ReportedSource | undefined {
  const named = report.sources.find((source) => source.name === `etcd:${prefix}`);
  if (named) return named;
  const withRevision = report.sources.filter((source) => source.revision !== undefined);
  return withRevision.length === 1 ? withRevision[0] : undefined;
}
