import { ConfigParseError, type ConfigSourceEvent, type ConfigTree } from '@config-center/core';
import { EtcdKeyIndex, type KeyChange } from './etcd-key-index';

/** The whole prefix as one read at one revision. */
export interface PrefixRead {
  readonly revision: number;
  readonly keys: readonly KeyChange[];
}

/**
 * What the source has delivered: the cursor (the last etcd revision it applied) and the keys as of
 * that revision. It turns each etcd revision, or a fresh read of the prefix, into the one event to
 * emit, and drops anything at or below the cursor.
 *
 * A revision holding a key that cannot be read (a malformed document, a forbidden segment) is not
 * applied: it becomes one error event. Its readable keys are kept pending and sent with the next
 * batch, so the source converges on etcd's state; an unreadable key keeps its last good value
 * until it is fixed or deleted.
 */
export class EtcdSyncState {
  /** The last revision applied; the watch resumes from the one after it. */
  cursor = 0;
  private readonly index = new EtcdKeyIndex();
  private readonly pending = new Set<string>();
  private loadProblems: ConfigSourceEvent[] = [];

  constructor(
    private readonly source: string,
    private readonly prefix: string,
  ) {}

  /** Starts over from a full read: returns the tree to serve and moves the cursor to the read. */
  reset(read: PrefixRead): ConfigTree {
    this.index.clear();
    this.pending.clear();
    const problems = this.recordAll(read.keys);
    this.loadProblems = problems.length ? [this.problemEvent(problems, `left out of the load at revision ${read.revision}`)] : [];
    this.cursor = read.revision;
    return this.index.build();
  }

  /** The errors of the last load (keys it had to leave out), once, for the watch to report. */
  takeLoadProblems(): ConfigSourceEvent[] {
    return this.loadProblems.splice(0);
  }

  /** The event for the changes of one etcd revision; `undefined` when it is at or below the cursor. */
  revision(revision: number, changes: readonly KeyChange[]): ConfigSourceEvent | undefined {
    return revision > this.cursor ? this.apply(changes, revision) : undefined;
  }

  /**
   * The batch that brings the delivered state to a fresh read of the prefix (deleted keys removed),
   * at the read's revision. `undefined` when the read is older than the cursor, or when nothing
   * differs and `always` is false.
   */
  resync(read: PrefixRead, always: boolean): ConfigSourceEvent | undefined {
    if (read.revision < this.cursor) return undefined;
    const changes = this.index.diff(read.keys);
    if (!changes.length && !this.pending.size && !always) return undefined;
    return this.apply(changes, read.revision);
  }

  /** Moves the cursor once the event of `revision` has been emitted. */
  commit(revision: number): void {
    if (revision > this.cursor) this.cursor = revision;
  }

  private apply(changes: readonly KeyChange[], revision: number): ConfigSourceEvent {
    const problems = this.recordAll(changes);
    if (problems.length) {
      for (const { key } of changes) this.pending.add(key);
      for (const [key] of problems) this.pending.delete(key);
      return this.problemEvent(problems, `revision ${revision} not applied`);
    }
    const keys = [...this.pending, ...changes.map((change) => change.key)];
    this.pending.clear();
    return { kind: 'edits', edits: this.index.editsFor(keys), revision: String(revision) };
  }

  private recordAll(changes: readonly KeyChange[]): [string, string][] {
    const problems: [string, string][] = [];
    for (const change of changes) {
      const problem = this.index.record(change);
      if (problem !== undefined) problems.push([change.key, problem]);
    }
    return problems;
  }

  /** One error for a revision or load, naming its first unreadable key (never a value). */
  private problemEvent(problems: [string, string][], outcome: string): ConfigSourceEvent {
    const [[key, reason]] = problems;
    const others = problems.length > 1 ? `; ${problems.length - 1} more key(s) cannot be read either` : '';
    const error = new ConfigParseError(this.source, `${this.prefix}${key}`, `${reason}${others} (${outcome})`);
    return { kind: 'error', error };
  }
}
