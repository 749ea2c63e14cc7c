import type { KeyValues } from '../config-keys';
import type { HistoryRecord } from '../history/history-record';

/**
 * A live key under the prefix: its full name as stored, its text, and what a publish compares —
 * etcd's mod revision, or Consul's `ModifyIndex` — as a decimal string.
 */
export interface LiveKey {
  readonly raw: Buffer;
  readonly value: string;
  readonly modRevision: string;
}

/** The version counter under the control prefix: the last version and its mod revision (absent before the first publish). */
export interface VersionCounter {
  readonly version: number;
  readonly modRevision?: string;
  /** Set when the stored counter was missing or unreadable and `version` comes from the history: what was repaired. */
  readonly repaired?: string;
}

/** What a publish writes: the content after it, and the keys of the prefix to put and delete. */
export interface PublishPlan {
  readonly content: KeyValues;
  readonly puts: ReadonlyMap<string, string>;
  readonly deletes: readonly string[];
}

/** Everything a backend needs to build a publish's transaction: what was read, what changes, and the record. */
export interface PublishRequest {
  /** The live keys as read, with what a publish compares. */
  readonly live: ReadonlyMap<string, LiveKey>;
  /** The version counter as read. */
  readonly counter: VersionCounter;
  readonly plan: PublishPlan;
  /** The history record of the new version (`record.version` is the counter's next value). */
  readonly record: HistoryRecord;
  /** A control key the same transaction deletes, compared by its mod revision: the canary a promote ends. */
  readonly retire?: RetiredKey;
  /** A control key that must not exist when the transaction commits: the canary record, for a publish that is not forced. */
  readonly absent?: string;
}

/** A control key to delete in a publish's transaction, only if it still has the mod revision read. */
export interface RetiredKey {
  readonly key: string;
  readonly modRevision: string;
}

/** The content after a publish of `proposed` over `live`; `prune` deletes live keys the proposal does not hold. */
export function planPublish(live: ReadonlyMap<string, LiveKey>, proposed: KeyValues, prune: boolean): PublishPlan {
  const puts = new Map([...proposed].filter(([key, value]) => live.get(key)?.value !== value));
  const deletes = prune ? [...live.keys()].filter((key) => !proposed.has(key)) : [];
  const content = new Map([...live].filter(([key]) => !deletes.includes(key)).map(([key, { value }]): [string, string] => [key, value]));
  for (const [key, value] of proposed) content.set(key, value);
  return { content: new Map([...content].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), puts, deletes };
}
