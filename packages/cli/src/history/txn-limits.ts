import { CliError, ExitCode } from '../cli-error';

/** etcd's default `--max-txn-ops`: operations per list (compares, then-ops) of one transaction. */
export const ETCD_MAX_TXN_OPS = 128;
/** etcd's default `--max-request-bytes`: 1.5 MiB. */
export const ETCD_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** Room left for the request's framing (field tags, revisions) on top of keys and values. */
const FRAMING_BYTES_PER_OP = 16;

/** What one publish transaction holds. */
export interface TxnSize {
  readonly compares: number;
  readonly operations: number;
  /** Keys and values of every compare and operation. */
  readonly bytes: number;
}

/**
 * Refuses a transaction beyond etcd's default limits, naming the limit and the server flag that
 * raises it: a publish is never split, since a split publish is not atomic.
 */
export function checkTxnLimits(size: TxnSize, where: string): void {
  const ops = Math.max(size.compares, size.operations);
  if (ops > ETCD_MAX_TXN_OPS) {
    throw new CliError(
      `refused: the publish needs ${size.compares} compares and ${size.operations} operations in one transaction on ${where}, ` +
        `over etcd's default limit of ${ETCD_MAX_TXN_OPS} (raise it with the etcd server flag --max-txn-ops; a publish is never split)`,
      ExitCode.invalid,
    );
  }
  const bytes = size.bytes + FRAMING_BYTES_PER_OP * (size.compares + size.operations);
  if (bytes > ETCD_MAX_REQUEST_BYTES) {
    throw new CliError(
      `refused: the publish transaction is about ${bytes} bytes on ${where} (the history record holds the whole content), ` +
        `over etcd's default limit of ${ETCD_MAX_REQUEST_BYTES} bytes (1.5 MiB; raise it with the etcd server flag --max-request-bytes; a publish is never split)`,
      ExitCode.invalid,
    );
  }
}
