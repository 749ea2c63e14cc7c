/** A KV entry as Consul stores and returns it; `Value` is base64, or `null` for an empty value. */
export interface KvEntry {
  readonly Key: string;
  readonly Value: string | null;
  readonly Flags: number;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
  readonly LockIndex: number;
}

/** One `KV` operation of a `/v1/txn` body (the fields Consul's documentation lists). */
export interface KvTxnOp {
  readonly Verb: string;
  readonly Key: string;
  readonly Value?: string | null;
  readonly Flags?: number;
  readonly Index?: number;
}

/** The tables a transaction works on: live entries and tombstones (deleted key → index). */
export interface KvTables {
  readonly entries: Map<string, KvEntry>;
  readonly tombstones: Map<string, number>;
}

/** What one operation did: an error (the transaction rolls back), results to return, whether it wrote. */
export interface KvOpResult {
  readonly error?: string;
  readonly results: readonly KvEntry[];
  readonly wrote: boolean;
}

const NOTHING: KvOpResult = { results: [], wrote: false };

/**
 * Applies one KV operation of a transaction at Raft index `index`, with the verbs of Consul's
 * transaction API: set, cas, get, get-or-empty, get-tree, check-index, check-not-exists, delete,
 * delete-tree, delete-cas. Writes return the entry with a `null` value; deletes return nothing.
 */
export function applyKvOp(tables: KvTables, op: KvTxnOp, index: number): KvOpResult {
  const existing = tables.entries.get(op.Key);
  switch (op.Verb) {
    case 'set':
      return put(tables, op, index);
    case 'cas':
      if ((op.Index ?? 0) === 0 ? existing : existing?.ModifyIndex !== op.Index)
        return failed(`failed to set key "${op.Key}", index is stale`);
      return put(tables, op, index);
    case 'get':
      return existing ? { results: [existing], wrote: false } : failed(`key "${op.Key}" doesn't exist`);
    case 'get-or-empty':
      return { results: existing ? [existing] : [], wrote: false };
    case 'get-tree':
      return { results: [...tables.entries.values()].filter((e) => e.Key.startsWith(op.Key)), wrote: false };
    case 'check-index':
      return existing?.ModifyIndex === op.Index ? NOTHING : failed(`current modify index for key "${op.Key}" is not ${op.Index}`);
    case 'check-not-exists':
      return existing ? failed(`key "${op.Key}" exists`) : NOTHING;
    case 'delete':
      return remove(tables, [op.Key], index);
    case 'delete-tree':
      return remove(
        tables,
        [...tables.entries.keys()].filter((key) => key.startsWith(op.Key)),
        index,
      );
    case 'delete-cas':
      return existing && existing.ModifyIndex === op.Index
        ? remove(tables, [op.Key], index)
        : failed(`failed to delete key "${op.Key}", index is stale`);
    default:
      return failed(`unknown KV verb "${op.Verb}"`);
  }
}

function put(tables: KvTables, op: KvTxnOp, index: number): KvOpResult {
  const existing = tables.entries.get(op.Key);
  const entry: KvEntry = {
    Key: op.Key,
    Value: op.Value === undefined || op.Value === '' ? null : op.Value,
    Flags: op.Flags ?? 0,
    CreateIndex: existing?.CreateIndex ?? index,
    ModifyIndex: index,
    LockIndex: existing?.LockIndex ?? 0,
  };
  tables.entries.set(op.Key, entry);
  return { results: [{ ...entry, Value: null }], wrote: true };
}

function remove(tables: KvTables, keys: readonly string[], index: number): KvOpResult {
  for (const key of keys) {
    if (!tables.entries.delete(key)) continue;
    tables.tombstones.set(key, index);
  }
  return { results: [], wrote: keys.some((key) => tables.tombstones.get(key) === index) };
}

function failed(error: string): KvOpResult {
  return { error, results: [], wrote: false };
}
