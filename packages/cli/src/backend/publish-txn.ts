import type { KeyValues } from '../config-keys';
import type { HistoryRecord } from '../history/history-record';
import type { LiveKey, VersionCounter } from './etcd-backend';

/** One compare of a publish: the key's mod revision as read, or version 0 for a key that did not exist. */
export interface TxnCompare {
  readonly key: string | Buffer;
  readonly target: 'Mod' | 'Version';
  readonly value: string | number;
}

/** One write of a publish. */
export type TxnOperation =
  { readonly kind: 'put'; readonly key: string; readonly value: string } | { readonly kind: 'delete'; readonly key: Buffer };

/** A publish as one etcd transaction: every compare must hold for any operation to apply. */
export interface PublishTxn {
  readonly compares: readonly TxnCompare[];
  readonly operations: readonly TxnOperation[];
  /** Bytes of every key and value in it, for the request-size limit. */
  readonly bytes: number;
}

/** What a publish writes: the content after it, and the keys of the prefix to put and delete. */
export interface PublishPlan {
  readonly content: KeyValues;
  readonly puts: ReadonlyMap<string, string>;
  readonly deletes: readonly string[];
}

/** The content after a publish of `proposed` over `live`; `prune` deletes live keys the proposal does not hold. */
export function planPublish(live: ReadonlyMap<string, LiveKey>, proposed: KeyValues, prune: boolean): PublishPlan {
  const puts = new Map([...proposed].filter(([key, value]) => live.get(key)?.value !== value));
  const deletes = prune ? [...live.keys()].filter((key) => !proposed.has(key)) : [];
  const content = new Map([...live].filter(([key]) => !deletes.includes(key)).map(([key, { value }]): [string, string] => [key, value]));
  for (const [key, value] of proposed) content.set(key, value);
  return { content: new Map([...content].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), puts, deletes };
}

/**
 * The transaction of a plan: compares the mod revision of every live key read and of the version
 * counter (version 0 for the proposal's keys and a counter that did not exist), then puts and
 * deletes the changed keys, the history record and the counter.
 */
export function publishTxn(
  prefix: string,
  live: ReadonlyMap<string, LiveKey>,
  counter: VersionCounter,
  plan: PublishPlan,
  keys: { counter: string; record: string },
  record: HistoryRecord,
): PublishTxn {
  const compares: TxnCompare[] = [
    counter.modRevision === undefined
      ? { key: keys.counter, target: 'Version', value: 0 }
      : { key: keys.counter, target: 'Mod', value: counter.modRevision },
  ];
  for (const { raw, modRevision } of live.values()) compares.push({ key: raw, target: 'Mod', value: modRevision });
  for (const key of plan.content.keys()) if (!live.has(key)) compares.push({ key: `${prefix}${key}`, target: 'Version', value: 0 });
  const operations: TxnOperation[] = [...plan.puts].map(([key, value]) => ({ kind: 'put', key: `${prefix}${key}`, value }));
  for (const key of plan.deletes) operations.push({ kind: 'delete', key: live.get(key)!.raw });
  operations.push({ kind: 'put', key: keys.record, value: JSON.stringify(record) });
  operations.push({ kind: 'put', key: keys.counter, value: String(record.version) });
  const bytes =
    compares.reduce((sum, { key }) => sum + Buffer.byteLength(key) + 8, 0) +
    operations.reduce((sum, op) => sum + Buffer.byteLength(op.key) + (op.kind === 'put' ? Buffer.byteLength(op.value) : 0), 0);
  return { compares, operations, bytes };
}
