import type { Namespace } from 'etcd3';
import type { CanaryOverlay } from './etcd-canary-overlay';
import type { KeyChange } from './etcd-key-index';
import { toKeyChange } from './etcd-revision-batches';

/** The whole prefix as one read at one revision. */
export interface PrefixRead {
  readonly revision: number;
  /** The id of the etcd cluster that answered. */
  readonly clusterId: string;
  readonly keys: readonly KeyChange[];
  /** The canary keys this instance serves on top of `keys` at the same revision, when it is in a canary. */
  readonly overlay?: CanaryOverlay;
}

/**
 * Reads every key under `prefix` in one range request at one revision, by `deadline` (epoch ms),
 * through etcd3's public `getAll()` builder: its endpoint choice, failover, auth, TLS, retry
 * policy and typed errors.
 */
export async function readPrefix(client: Namespace, prefix: string, deadline: number): Promise<PrefixRead> {
  const response = await client.getAll().prefix(prefix).options({ deadline }).exec();
  const keys: KeyChange[] = [];
  const prefixBytes = Buffer.from(prefix, 'utf8');
  for (const kv of response.kvs) {
    const change = toKeyChange(kv, prefixBytes);
    if (change) keys.push(change);
  }
  return { revision: Number(response.header.revision), clusterId: String(response.header.cluster_id), keys };
}
