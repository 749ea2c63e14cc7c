import type { Etcd3, Namespace } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { EtcdConfigSource } from '../src/etcd-config-source';
import { pausingClient } from './support/pausing-client';

/**
 * The source's startup read of a prefix past gRPC's 4 MiB message (600 keys of 8 KiB), on a
 * client with gRPC's default receive limit (as a client shared with the source has, the CLI's):
 * read whole, in pages, every page at the first one's revision.
 */
describe('EtcdConfigSource: the startup read of a prefix past 4 MiB', () => {
  const prefix = '/large/app/';
  const KEYS = 600;
  const keyOf = (i: number) => `k${String(i).padStart(3, '0')}`;
  const valueOf = (i: number) => `${i}:${'v'.repeat(8192)}`;
  let cluster: EtcdCluster;
  let etcd: Etcd3;

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    for (let start = 0; start < KEYS; start += 100) {
      const puts = Array.from({ length: 100 }, (_, i) =>
        etcd
          .put(`${prefix}${keyOf(start + i)}`)
          .value(valueOf(start + i))
          .exec(),
      );
      await Promise.all(puts);
    }
  }, 60_000);
  afterAll(() => cluster?.stop(), 30_000);

  /** What `load()` gives on `client` (the source leaves a given client open). */
  const load = async (client: Namespace) => {
    const source = new EtcdConfigSource({ client, prefix, reconcileIntervalMs: 0 });
    try {
      return await source.load();
    } finally {
      await source.close();
    }
  };

  it('loads every key whole, at the current revision', async () => {
    const { tree, revision } = await load(etcd);
    expect(Object.keys(tree).sort()).toEqual(Array.from({ length: KEYS }, (_, i) => keyOf(i)));
    expect(tree[keyOf(321)]).toBe(valueOf(321));
    expect(revision).toBe(String(await cluster.revision()));
  }, 60_000);

  it('never splits a transaction between pages: one written between two pages is not in the startup state, and the next read has it whole', async () => {
    const before = await cluster.revision();
    const first = `${prefix}${keyOf(0)}`;
    const last = `${prefix}${keyOf(KEYS - 1)}`;
    const { client, requests } = pausingClient(etcd, 2, async () => {
      const txn = etcd.if(first, 'Version', '>', 0).then(etcd.put(first).value('new first'), etcd.put(last).value('new last'));
      await txn.commit();
    });
    const { tree, revision } = await load(client);
    expect(requests()).toBeGreaterThanOrEqual(2); // the transaction was committed between two pages
    expect(revision).toBe(String(before));
    expect([tree[keyOf(0)], tree[keyOf(KEYS - 1)]]).toEqual([valueOf(0), valueOf(KEYS - 1)]);
    const after = await load(etcd);
    expect(after.revision).toBe(String(before + 1));
    expect([after.tree[keyOf(0)], after.tree[keyOf(KEYS - 1)]]).toEqual(['new first', 'new last']);
  }, 60_000);
});
