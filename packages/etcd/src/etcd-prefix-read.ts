import type { Namespace } from 'etcd3';
import type { CanaryOverlay } from './etcd-canary-overlay';
import type { KeyChange } from './etcd-key-index';
import { FIRST_PAGE_OF_LARGE_VALUES, readPrefixPaged } from './paged-prefix-read';
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
 * Reads every key under `prefix` at one revision, by `deadline` (epoch ms): in pages
 * (`readPrefixPaged`), so a prefix past gRPC's 4 MiB message loads whole, every page at the first
 * one's revision, so a transaction is never split between pages (a read whose revision was
 * compacted meanwhile starts over). Through etcd3's public builders: its endpoint choice,
 * failover, auth, TLS, retry policy and typed errors.
 */
export async function readPrefix(client: Namespace, prefix: string, deadline: number): Promise<PrefixRead> {
  const read = await readPrefixPaged(client, prefix, { firstPage: FIRST_PAGE_OF_LARGE_VALUES, deadline });
  const keys: KeyChange[] = [];
  const prefixBytes = Buffer.from(prefix, 'utf8');
  for (const kv of read.kvs) {
    const change = toKeyChange(kv, prefixBytes);
    if (change) keys.push(change);
  }
  return { revision: Number(read.revision), clusterId: read.clusterId, keys };
}
