import { diagnoseEtcdError } from '@config-center/etcd/control';
import { CliError, ExitCode } from '../cli-error';
import { checkUnansweredCommit } from './etcd-commit-check';
import type { EtcdConnection } from './etcd-connection';
import type { PublishTxn } from './etcd-publish-txn';

/**
 * Commits a publish (its keys and its history record) as one transaction; false when a compare
 * failed (someone changed what was read). A commit that got no answer is read back to say whether
 * it applied: exit 3 when it did not, exit 4 when that cannot be known.
 */
export async function commitPublish(connection: EtcdConnection, txn: PublishTxn): Promise<boolean> {
  const { client } = connection;
  let builder = client.if(txn.compares[0].key, txn.compares[0].target, '==', txn.compares[0].value);
  for (const { key, target, value } of txn.compares.slice(1)) builder = builder.and(key, target, '==', value);
  const ops = txn.operations.map((op) => (op.kind === 'put' ? client.put(op.key).value(op.value) : client.delete().key(op.key)));
  try {
    const { succeeded } = await builder.then(...ops).commit();
    return succeeded;
  } catch (error) {
    const failure = connection.failed(error, {
      verb: 'write to',
      range: `prefix '${connection.prefix}' and its control prefix '${connection.control.prefix}'`,
    });
    // No answer (in time, or a connection lost): an attempt may have applied (etcd3 retries a
    // call on a new connection). Its record says which. A refusal (credentials, TLS) applied nothing.
    if (!txn.proof || !diagnoseEtcdError(error).recoverable) throw failure;
    const check = await checkUnansweredCommit(connection.options, txn.proof);
    if (check === 'committed') return true;
    throw uncertainCommit(failure, txn.proof.version, check);
  }
}

/** The error of a commit that got no answer: `not committed` (exit 3, publish again), or that it may have been (exit 4, see `history`). */
function uncertainCommit(failure: CliError, version: number, check: 'not committed' | 'unknown'): CliError {
  if (check === 'not committed') {
    return new CliError(`${failure.message}; version ${version} was not committed (read back): publish again`, ExitCode.unreachable, {
      cause: failure.cause,
    });
  }
  const message = `${failure.message}; version ${version} may have been committed: run \`config-center history\` to see`;
  return new CliError(message, ExitCode.uncertain, { cause: failure.cause });
}
