import { createGatedEtcdClient } from '@config-center/etcd/control';
import type { IOptions } from 'etcd3';
import type { PublishTxn } from './etcd-publish-txn';

/** What a read after a lost reply says of a commit: applied, not applied, or not known (the read failed too). */
export type CommitCheck = 'committed' | 'not committed' | 'unknown';

/**
 * Whether a publish whose commit got no answer in time was applied: its history record read back
 * on a client of its own (its own connection, `grpc.use_local_subchannel_pool`, and a fresh
 * deadline: the connection that lost the reply may be wedged). The record with this publish's
 * bytes means it committed; no record means it did not (a record with other bytes is another
 * publish's: this one lost the compare). `unknown` when that read fails too.
 */
export async function checkUnansweredCommit(options: IOptions, proof: NonNullable<PublishTxn['proof']>): Promise<CommitCheck> {
  const check = createGatedEtcdClient({ ...options, grpcOptions: { ...options.grpcOptions, 'grpc.use_local_subchannel_pool': 1 } });
  const client = check.client;
  try {
    const stored = await client.get(proof.key).string();
    return stored === proof.value ? 'committed' : 'not committed';
  } catch {
    return 'unknown';
  } finally {
    check.close();
  }
}
