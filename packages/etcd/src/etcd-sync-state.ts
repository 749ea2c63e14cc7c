import type { ConfigSourceEvent, ConfigTree, LeftOutKey } from '@config-center/core';
import { heldBackError } from '@config-center/core/source-kit';
import { overlaid } from './etcd-canary-overlay';
import { EtcdKeyIndex, mapChange, type KeyChange } from './etcd-key-index';
import type { MappedKey } from './etcd-key-mapping';
import type { PrefixRead } from './etcd-prefix-read';
import type { RevisionChanges } from './etcd-revision-batches';

/** An event to emit, and the revision to commit once it has been emitted. */
export interface RevisionEvent {
  readonly event: ConfigSourceEvent;
  readonly revision: number;
}

/** The canary release an instance's delivered keys hold, and the revision of the batch that brought it in. */
export interface DeliveredCanary {
  readonly releaseId: string;
  readonly revision: number;
}

/**
 * What the source has delivered: the cursor (the last etcd revision it applied) and the keys as of
 * that revision. It turns the revisions of a watch response, or a fresh read of the prefix, into
 * the events to emit, and drops anything at or below the cursor.
 *
 * Revisions that arrive together are coalesced: one `edits` batch at the last of them, holding the
 * edits of all of them in order (a later edit of a key replaces an earlier one). A revision is
 * never split, so each batch is a state etcd had at that revision.
 *
 * A revision holding a key that cannot be read (a malformed document, a forbidden segment) is not
 * applied: the revisions before it go out as one batch, then it becomes one error event. Its
 * readable keys are kept pending and sent with the next batch, so the source converges on etcd's
 * state; an unreadable key keeps its last good value until it is fixed or deleted.
 *
 * A read may carry a canary overlay (the instance is in a canary): the keys delivered are then the
 * prefix's with the canary's on top, and watch changes of those keys are masked until a read
 * without them (promote, abort) delivers the prefix's own values, as one batch.
 */
export class EtcdSyncState {
  /** The last revision applied; the watch resumes from the one after it. */
  cursor = 0;
  /** The cluster the cursor counts revisions of: the one the last full read came from. */
  private clusterId: string | undefined;
  private readonly index = new EtcdKeyIndex();
  private readonly pending = new Set<string>();
  /** The keys the delivered canary overrides: watch changes of them are not delivered. */
  private masked: ReadonlySet<string> = new Set();
  private delivered: DeliveredCanary | undefined;

  constructor(
    private readonly source: string,
    private readonly prefix: string,
  ) {}

  /**
   * Starts over from a full read: returns the tree to serve, and the keys left out of it (relative
   * to the prefix, with why), and moves the cursor to the read.
   */
  reset(read: PrefixRead): { tree: ConfigTree; leftOut: LeftOutKey[] } {
    this.pending.clear();
    const { tree, problems } = this.index.load(overlaid(read.keys, read.overlay));
    this.deliver(read, true);
    const leftOut = problems.map(([key, problem]) => ({ key: `${this.prefix}${key}`, problem }));
    this.cursor = read.revision;
    this.clusterId = read.clusterId;
    return { tree, leftOut };
  }

  /**
   * Why an answer (a response header, a read) cannot come from the etcd the cursor counts in: it
   * names another cluster, or a revision below the cursor (a restored backup, a wiped data dir).
   * `undefined` when it can. A read is checked against the cursor as it was when the read was
   * sent: the watch may have moved it on meanwhile.
   */
  mismatch(answer: { readonly revision: number; readonly clusterId: string }, cursor = this.cursor): string | undefined {
    if (this.clusterId !== undefined && answer.clusterId !== this.clusterId) {
      return `cluster id ${this.clusterId} became ${answer.clusterId}`;
    }
    if (answer.revision < cursor) return `revision ${answer.revision} is below the applied revision ${cursor}`;
    return undefined;
  }

  /**
   * Starts over on an etcd that was restored or replaced: the batch that turns the delivered keys
   * into `read` by content (deleted keys removed), at the read's revision, which becomes the cursor.
   */
  restart(read: PrefixRead): ConfigSourceEvent[] {
    const events = this.differenceTo(read, true);
    this.cursor = read.revision;
    this.clusterId = read.clusterId;
    return events;
  }

  /**
   * The events for revisions that arrived together, in ascending order (see the class
   * description); those at or below the cursor are dropped. Lazy: emit each event and `commit`
   * its revision before taking the next, so the keys recorded never run ahead of what was emitted.
   */
  *events(revisions: readonly RevisionChanges[]): Generator<RevisionEvent, void, undefined> {
    const keys: string[] = [];
    let last = this.cursor;
    for (const group of revisions) {
      const { revision } = group;
      if (revision <= Math.max(last, this.cursor)) continue;
      const changes = this.masked.size ? group.changes.filter(({ key }) => !this.masked.has(key)) : group.changes;
      const mapped = changes.map(mapChange);
      if (mapped.some((value) => value?.problem !== undefined)) {
        if (keys.length) yield { event: this.edits(keys.splice(0), last), revision: last };
        yield { event: this.reject(changes, this.recordAll(changes, mapped), revision), revision };
        continue;
      }
      this.recordAll(changes, mapped);
      for (const { key } of changes) keys.push(key);
      last = revision;
    }
    if (keys.length) yield { event: this.edits(keys, last), revision: last };
  }

  /**
   * The batch that brings the delivered state to a fresh read of the prefix (deleted keys removed),
   * at the read's revision. A read is no transaction: a key that cannot be read is left out at its
   * last good value and named in an error event after the batch; every other key applies. None when
   * the read is older than the cursor, or when nothing differs and `always` is false.
   */
  resync(read: PrefixRead, always: boolean): ConfigSourceEvent[] {
    if (read.revision < this.cursor) return [];
    return this.differenceTo(read, always);
  }

  /** The canary the delivered keys hold, if any: what the instance report names. */
  get canary(): DeliveredCanary | undefined {
    return this.delivered;
  }

  /** Moves the cursor once the event of `revision` has been emitted. */
  commit(revision: number): void {
    if (revision > this.cursor) this.cursor = revision;
  }

  /** The batch that turns the delivered keys into `read`, at its revision, then the error naming the keys it left out; none when nothing differs and not `always`. */
  private differenceTo(read: PrefixRead, always: boolean): ConfigSourceEvent[] {
    const changes = this.index.diff(overlaid(read.keys, read.overlay));
    this.deliver(read, changes.length > 0);
    if (!changes.length && !this.pending.size && !always) return [];
    const problems = this.recordAll(changes);
    const unreadable = new Set(problems.map(([key]) => key));
    const readable = changes.filter(({ key }) => !unreadable.has(key)).map(({ key }) => key);
    const events = [this.edits(readable, read.revision)];
    if (problems.length) events.push(this.problemEvent(problems, `left out of the re-read at revision ${read.revision}`));
    return events;
  }

  /**
   * Records the canary of a read that is being delivered: the keys it masks, and the revision that
   * brings it in (the read's when it `changed` anything, else the cursor: it is already served).
   */
  private deliver(read: PrefixRead, changed: boolean): void {
    const { overlay } = read;
    this.masked = new Set(overlay?.keys.keys());
    if (!overlay) this.delivered = undefined;
    else if (changed || this.delivered?.releaseId !== overlay.releaseId) {
      this.delivered = { releaseId: overlay.releaseId, revision: changed ? read.revision : this.cursor };
    }
  }

  /** One batch for the recorded `keys` and every pending one, at `revision`. */
  private edits(keys: readonly string[], revision: number): ConfigSourceEvent {
    const changed = this.pending.size ? [...this.pending, ...keys] : keys;
    this.pending.clear();
    return { kind: 'edits', edits: this.index.editsFor(changed), revision: String(revision) };
  }

  /**
   * Holds back recorded `changes` that had `problems`: their readable keys wait for the next
   * batch. An unreadable key keeps waiting only when an earlier held-back revision left it waiting:
   * its last good value is that revision's readable one, not yet delivered.
   */
  private reject(changes: readonly KeyChange[], problems: [string, string][], revision: number): ConfigSourceEvent {
    const waiting = problems.filter(([key]) => this.pending.has(key)).map(([key]) => key);
    for (const { key } of changes) this.pending.add(key);
    for (const [key] of problems) if (!waiting.includes(key)) this.pending.delete(key);
    return this.problemEvent(problems, `revision ${revision} not applied`);
  }

  /** Records `changes` (mapped already, or here); returns the unreadable keys and why. */
  private recordAll(changes: readonly KeyChange[], mapped?: readonly (MappedKey | undefined)[]): [string, string][] {
    const problems: [string, string][] = [];
    for (let i = 0; i < changes.length; i++) {
      const problem = this.index.record(changes[i], mapped?.[i]);
      if (problem !== undefined) problems.push([changes[i].key, problem]);
    }
    return problems;
  }

  /** One error for a revision or load, naming its first unreadable key (never a value): the core's `heldBackError`. */
  private problemEvent(problems: [string, string][], outcome: string): ConfigSourceEvent {
    const named = problems.map(([key, problem]) => ({ key: `${this.prefix}${key}`, problem }));
    return { kind: 'error', error: heldBackError(this.source, named, outcome) };
  }
}
