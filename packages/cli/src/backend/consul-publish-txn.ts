import { CliError, ExitCode } from '../cli-error';
import type { ControlKeys } from '../history/history-record';
import type { PublishRequest } from './publish-plan';

/**
 * Operations Consul allows in one `PUT /v1/txn`: 128 since Consul 1.14 (64 before), fixed in the
 * agent, not configurable. An older agent answers a bigger transaction with 413, reported as a refusal.
 */
export const CONSUL_MAX_TXN_OPS = 128;
/** Consul's default `limits.txn_max_req_len`: 512 KiB (Raft's suggested entry size), the whole request body. */
export const CONSUL_MAX_TXN_REQUEST_BYTES = 512 * 1024;

/** One KV operation of a `/v1/txn` body, as Consul's transaction API documents it; `Value` is base64. */
export interface ConsulKvOperation {
  readonly KV: { readonly Verb: string; readonly Key: string; readonly Value?: string; readonly Index?: number };
}

/** A publish as one Consul transaction: its JSON body, and the unchanged keys it could not compare. */
export interface ConsulPublishTxn {
  readonly operations: readonly ConsulKvOperation[];
  readonly body: string;
  /** Unchanged live keys whose `check-index` did not fit the limits, and how many there were. */
  readonly uncompared: number;
  readonly unchanged: number;
}

/**
 * The Consul transaction of a publish. What must hold for it to be a compare-and-swap: `cas` on every
 * written key (its `ModifyIndex` as read, 0 for a new key), `delete-cas` on every pruned key, `cas`
 * on the version counter, and the `cas` of the new history record at index 0 (it must not exist yet) — beyond the limits it is refused,
 * never split. Then `check-index` on each unchanged key read, as many as still fit, in key order:
 * the counter already detects every other publish; a check left out only misses a write made
 * outside config-center to an unchanged key, and the caller warns how many were left out.
 */
export function consulPublishTxn(prefix: string, control: ControlKeys, request: PublishRequest, where: string): ConsulPublishTxn {
  const { live, counter, plan, record } = request;
  const required: ConsulKvOperation[] = [...plan.puts].map(([key, value]) =>
    kv('cas', `${prefix}${key}`, Number(live.get(key)?.modRevision ?? 0), value),
  );
  for (const key of plan.deletes) {
    const { raw, modRevision } = live.get(key)!;
    required.push(kv('delete-cas', raw.toString('utf8'), Number(modRevision)));
  }
  required.push(kv('cas', control.counter, Number(counter.modRevision ?? 0), String(record.version)));
  // `cas` with index 0 writes only a key that does not exist: history never overwrites itself.
  required.push(kv('cas', control.record(record.version), 0, JSON.stringify(record)));
  checkLimits(required, plan, where);
  const checks = [...live]
    .filter(([key]) => !plan.puts.has(key) && !plan.deletes.includes(key))
    .map(([, { raw, modRevision }]) => kv('check-index', raw.toString('utf8'), Number(modRevision)));
  const operations = [...required];
  let bytes = Buffer.byteLength(JSON.stringify(required));
  for (const check of checks) {
    const size = Buffer.byteLength(JSON.stringify(check)) + 1;
    if (operations.length >= CONSUL_MAX_TXN_OPS || bytes + size > CONSUL_MAX_TXN_REQUEST_BYTES) break;
    operations.push(check);
    bytes += size;
  }
  return {
    operations,
    body: JSON.stringify(operations),
    uncompared: checks.length - (operations.length - required.length),
    unchanged: checks.length,
  };
}

/** The warning for unchanged keys left uncompared, or none. */
export function uncomparedWarning(txn: ConsulPublishTxn, where: string): string[] {
  if (!txn.uncompared) return [];
  return [
    `${txn.uncompared} of ${txn.unchanged} unchanged keys on ${where} were not compared (check-index), to fit Consul's limits of ` +
      `${CONSUL_MAX_TXN_OPS} operations and ${CONSUL_MAX_TXN_REQUEST_BYTES} bytes per transaction: the version counter still detects ` +
      'any other publish, but a write to those keys made outside config-center since the read would not be',
  ];
}

function checkLimits(required: readonly ConsulKvOperation[], plan: PublishRequest['plan'], where: string): void {
  if (required.length > CONSUL_MAX_TXN_OPS) {
    throw new CliError(
      `refused: the publish needs ${required.length} operations in one transaction on ${where} (${plan.puts.size} written keys, ` +
        `${plan.deletes.length} deleted, the version counter and the history record), over Consul's limit of ${CONSUL_MAX_TXN_OPS} ` +
        'operations per transaction (Consul 1.14 and later; 64 before; not configurable; a publish is never split)',
      ExitCode.invalid,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(required));
  if (bytes > CONSUL_MAX_TXN_REQUEST_BYTES) {
    throw new CliError(
      `refused: the publish transaction is ${bytes} bytes on ${where} (the history record holds the whole content, base64), ` +
        `over Consul's default limit of ${CONSUL_MAX_TXN_REQUEST_BYTES} bytes (512 KiB; raise it with the agent setting ` +
        'limits.txn_max_req_len; a publish is never split)',
      ExitCode.invalid,
    );
  }
}

function kv(verb: string, key: string, index?: number, value?: string): ConsulKvOperation {
  return {
    KV: {
      Verb: verb,
      Key: key,
      ...(value !== undefined && { Value: Buffer.from(value, 'utf8').toString('base64') }),
      ...(index !== undefined && { Index: index }),
    },
  };
}
