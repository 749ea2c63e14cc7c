import { applyKvOp, type KvEntry, type KvOpResult, type KvTables, type KvTxnOp } from './consul-kv-ops';

/** A transaction's outcome, shaped like the body of Consul's `/v1/txn` response. */
export type KvTxnOutcome =
  | { readonly ok: true; readonly index: number; readonly results: readonly KvEntry[] }
  | { readonly ok: false; readonly errors: readonly { readonly OpIndex: number; readonly What: string }[] };

/** Everything a snapshot restore brings back: the entries, the tombstones and the table index. */
export interface KvSnapshot {
  readonly tableIndex: number;
  readonly entries: readonly KvEntry[];
  readonly tombstones: readonly (readonly [string, number])[];
}

/** Called after every committed change; `abandoned` when a snapshot restore replaced the store. */
export type KvListener = (abandoned: boolean) => void;

/**
 * The KV store of the Consul test server, with Consul's index bookkeeping: one Raft index per
 * committed write or transaction; each key's `CreateIndex`/`ModifyIndex`; a graveyard of
 * tombstones (a deleted key's index still counts for lists of its prefix until tombstones are
 * reaped); and the indexes Consul's `KVS.List` and `KVS.Get` endpoints report.
 */
export class ConsulKvState {
  private tables: KvTables = { entries: new Map(), tombstones: new Map() };
  /** The last Raft index used; it only grows, as Raft's log does (restores included). */
  private raftIndex: number;
  /** The highest index of the kvs and tombstones tables: what a whole-KV list reports. */
  private tableIndex = 0;
  private readonly listeners = new Set<KvListener>();

  constructor(startIndex = 1) {
    this.raftIndex = startIndex;
  }

  /** The last Raft index. */
  get lastIndex(): number {
    return this.raftIndex;
  }

  /**
   * What `GET /v1/kv/<prefix>?recurse` returns. Consul's rule: the highest `ModifyIndex` of the
   * keys and of the tombstones under the prefix (the table index for the empty prefix), falling
   * back to the table index, and never 0 when nothing is there ("Index 1 is impossible anyways").
   */
  list(prefix: string): { index: number; entries: KvEntry[] } {
    const entries = [...this.tables.entries.values()].filter((e) => e.Key.startsWith(prefix)).sort(byKey);
    let index = Math.max(0, ...entries.map((e) => e.ModifyIndex));
    if (prefix === '') index = this.tableIndex;
    else for (const [key, deleted] of this.tables.tombstones) if (key.startsWith(prefix) && deleted > index) index = deleted;
    if (index === 0) index = this.tableIndex;
    return { index: Math.max(1, index), entries };
  }

  /** What `GET /v1/kv/<key>` returns: the key's `ModifyIndex`, or the table index when it is absent. */
  get(key: string): { index: number; entry: KvEntry | undefined } {
    const entry = this.tables.entries.get(key);
    return { index: entry?.ModifyIndex ?? Math.max(1, this.tableIndex), entry };
  }

  /** Applies every operation at one new Raft index, or none of them: one atomic transaction. */
  apply(ops: readonly KvTxnOp[]): KvTxnOutcome {
    const index = this.raftIndex + 1;
    const working: KvTables = { entries: new Map(this.tables.entries), tombstones: new Map(this.tables.tombstones) };
    const results: KvEntry[] = [];
    const errors: { OpIndex: number; What: string }[] = [];
    let wrote = false;
    ops.forEach((op, opIndex) => {
      const outcome: KvOpResult = applyKvOp(working, op, index);
      if (outcome.error !== undefined) errors.push({ OpIndex: opIndex, What: outcome.error });
      results.push(...outcome.results);
      wrote ||= outcome.wrote;
    });
    if (errors.length) return { ok: false, errors };
    if (!wrote) return { ok: true, index: this.raftIndex, results };
    this.raftIndex = index;
    this.tableIndex = index;
    this.tables = working;
    this.notify(false);
    return { ok: true, index, results };
  }

  /** A copy of the store as a snapshot (`GET /v1/snapshot`) would hold it. */
  snapshot(): KvSnapshot {
    return { tableIndex: this.tableIndex, entries: [...this.tables.entries.values()], tombstones: [...this.tables.tombstones] };
  }

  /**
   * Restores a snapshot, as `PUT /v1/snapshot` does: the data and its indexes go back to the
   * snapshot's (so a list's index goes backwards) while Raft's own index moves on, and every
   * blocked query wakes at once, as when Consul abandons its state store. With `wake: false`
   * blocked queries sleep on until their wait ends, as on an agent that missed the restore.
   */
  restore(snapshot: KvSnapshot, { wake = true }: { wake?: boolean } = {}): void {
    this.tables = { entries: new Map(snapshot.entries.map((e) => [e.Key, { ...e }])), tombstones: new Map(snapshot.tombstones) };
    this.tableIndex = snapshot.tableIndex;
    this.raftIndex += 1;
    if (wake) this.notify(true);
  }

  /**
   * Reaps every tombstone, as Consul's tombstone GC does: a list whose highest index came from a
   * deleted key now reports a lower index. Blocked queries re-check, see no higher index and keep
   * waiting: the lower index shows when their wait ends, as it does with Consul.
   */
  reapTombstones(): void {
    this.tables = { entries: this.tables.entries, tombstones: new Map() };
    this.raftIndex += 1;
    this.tableIndex = this.raftIndex;
    this.notify(false);
  }

  /** Calls `listener` after every change until the returned function is called. */
  subscribe(listener: KvListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(abandoned: boolean): void {
    for (const listener of [...this.listeners]) listener(abandoned);
  }
}

function byKey(a: KvEntry, b: KvEntry): number {
  return a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0;
}
