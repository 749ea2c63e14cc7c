import { isFolder, type ConsulKvEntry } from './consul-kv-mapping';

/**
 * Where a Consul watch stands: the `X-Consul-Index` to block on next (0: read without blocking)
 * and the `ModifyIndex` of every key it last read, to tell a change from a mere return.
 */
export interface ConsulIndexCursor {
  readonly index: number;
  readonly modifyIndexes: ReadonlyMap<string, number>;
}

/** What one read of the prefix returned. */
export interface ConsulListResult {
  /** `X-Consul-Index` as sent; `NaN` when missing or not a number. */
  readonly index: number;
  readonly entries: readonly ConsulKvEntry[];
}

/** What to do with a response: discard it and re-read, or keep it, and whether its keys changed. */
export type CursorStep =
  | { readonly kind: 'rewound'; readonly cursor: ConsulIndexCursor }
  | { readonly kind: 'unchanged'; readonly cursor: ConsulIndexCursor }
  | { readonly kind: 'changed'; readonly cursor: ConsulIndexCursor };

/** A cursor that has read nothing yet. */
export const START_CURSOR: ConsulIndexCursor = { index: 0, modifyIndexes: new Map() };

/**
 * An index fit to block on. Consul's documentation: "clients should sanity check that their index
 * is at least 1 after each blocking response"; an index of 0 would never block (a busy loop).
 */
export function sanitizeIndex(index: number): number {
  return Number.isFinite(index) && index >= 1 ? Math.floor(index) : 1;
}

/**
 * Applies Consul's blocking-query rules to a response of a query sent with `cursor.index`:
 * - an index lower than the one blocked on (a snapshot restore, the highest-index key removed)
 *   resets the cursor to 0: the response is dropped and the next query re-reads everything;
 * - otherwise the response is kept, and it is a change only when the set of keys (folders aside)
 *   or any key's `ModifyIndex` differs from the last read: a return is not a change.
 * A read sent with index 0 is a full re-read and is always kept.
 */
export function advanceCursor(cursor: ConsulIndexCursor, result: ConsulListResult): CursorStep {
  const index = sanitizeIndex(result.index);
  if (cursor.index > 0 && index < cursor.index) return { kind: 'rewound', cursor: { ...cursor, index: 0 } };
  const modifyIndexes = modifyIndexesOf(result.entries);
  const kind = sameIndexes(cursor.modifyIndexes, modifyIndexes) ? 'unchanged' : 'changed';
  return { kind, cursor: { index, modifyIndexes: kind === 'changed' ? modifyIndexes : cursor.modifyIndexes } };
}

/** The `ModifyIndex` of every key that holds config (folders hold none). */
export function modifyIndexesOf(entries: readonly ConsulKvEntry[]): Map<string, number> {
  const indexes = new Map<string, number>();
  for (const entry of entries) if (!isFolder(entry.Key)) indexes.set(entry.Key, entry.ModifyIndex);
  return indexes;
}

function sameIndexes(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, index] of a) if (b.get(key) !== index) return false;
  return true;
}
