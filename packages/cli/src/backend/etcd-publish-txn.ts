import type { ControlKeys } from '../history/history-record';
import type { PublishRequest } from './publish-plan';

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
  /** A publish's history record, written by it alone: read back when the commit's reply was lost, it tells whether the commit applied. */
  readonly proof?: { readonly version: number; readonly key: string; readonly value: string };
}

/**
 * The compares of a publish: the mod revision of every live key read and of the version counter
 * (version 0 for the proposal's keys and a counter that did not exist). What a canary start
 * compares too, so that it is validated against the main config it will sit on.
 */
export function publishCompares(
  prefix: string,
  control: ControlKeys,
  { live, counter, plan }: Omit<PublishRequest, 'record'>,
): TxnCompare[] {
  const compares: TxnCompare[] = [
    counter.modRevision === undefined
      ? { key: control.counter, target: 'Version', value: 0 }
      : { key: control.counter, target: 'Mod', value: counter.modRevision },
  ];
  for (const { raw, modRevision } of live.values()) compares.push({ key: raw, target: 'Mod', value: modRevision });
  for (const key of plan.content.keys()) if (!live.has(key)) compares.push({ key: `${prefix}${key}`, target: 'Version', value: 0 });
  return compares;
}

/**
 * The etcd transaction of a publish: `publishCompares` and the new history record's absence, then puts and deletes the changed keys,
 * the history record and the counter; with `absent`, compares that control key's version to 0; and
 * with `retire`, compares and deletes that control key.
 */
export function publishTxn(prefix: string, control: ControlKeys, request: PublishRequest): PublishTxn {
  const { live, plan, record, retire, absent } = request;
  // The new record's key must be absent: history never overwrites itself, whatever the counter says.
  const compares = [
    ...publishCompares(prefix, control, request),
    { key: control.record(record.version), target: 'Version', value: 0 } as const,
  ];
  const operations: TxnOperation[] = [...plan.puts].map(([key, value]) => ({ kind: 'put', key: `${prefix}${key}`, value }));
  for (const key of plan.deletes) operations.push({ kind: 'delete', key: live.get(key)!.raw });
  const proof = { version: record.version, key: control.record(record.version), value: JSON.stringify(record) };
  operations.push({ kind: 'put', key: proof.key, value: proof.value });
  operations.push({ kind: 'put', key: control.counter, value: String(record.version) });
  if (absent !== undefined) compares.push({ key: absent, target: 'Version', value: 0 });
  if (retire) {
    compares.push({ key: retire.key, target: 'Mod', value: retire.modRevision });
    operations.push({ kind: 'delete', key: Buffer.from(retire.key, 'utf8') });
  }
  return { compares, operations, bytes: txnBytes(compares, operations), proof };
}

/** Bytes of every key and value of a transaction, for the request-size limit. */
export function txnBytes(compares: readonly TxnCompare[], operations: readonly TxnOperation[]): number {
  return (
    compares.reduce((sum, { key }) => sum + Buffer.byteLength(key) + 8, 0) +
    operations.reduce((sum, op) => sum + Buffer.byteLength(op.key) + (op.kind === 'put' ? Buffer.byteLength(op.value) : 0), 0)
  );
}
