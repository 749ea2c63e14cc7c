import { Etcd3, GRPCGenericError } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { readPrefix } from '../src/etcd-prefix-read';

describe('reading a prefix from a real etcd', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const deadline = () => Date.now() + 5000;

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 60_000);
  afterAll(() => cluster?.stop(), 30_000);

  it("reads every key, value and mod revision under the prefix, at the read's revision", async () => {
    const prefix = '/read/app/';
    await etcd.put(`${prefix}rateLimit/limit`).value('5');
    await etcd.put(`${prefix}empty`).value('');
    await etcd.put(`${prefix}grüße/名前`).value('café ☕');
    await etcd.put(`${prefix.slice(0, -1)}-other/x`).value('outside');
    const writes = Array.from({ length: 1000 }, (_, i) => etcd.put(`${prefix}many/k${i}`).value(String(i)).exec());
    await Promise.all(writes);
    await etcd.put(`${prefix}rateLimit/limit`).value('6');

    const read = await readPrefix(etcd, prefix, deadline());
    expect(read.keys).toHaveLength(1003);
    expect(read.revision).toBe(await cluster.revision());
    expect(read.clusterId).toMatch(/^\d+$/);
    const byKey = new Map(read.keys.map((k) => [k.key, k]));
    expect(byKey.get('rateLimit/limit')).toEqual({ key: 'rateLimit/limit', value: '6', modRevision: read.revision });
    expect(byKey.get('empty')?.value).toBe('');
    expect(byKey.get('grüße/名前')?.value).toBe('café ☕');
    expect([...byKey.keys()].some((key) => key.includes('outside') || key.startsWith('-other'))).toBe(false);
  }, 15_000);

  it("reads through a namespaced client with keys relative to the namespace's prefix", async () => {
    await etcd.put('tenant-a/app/limit').value('1');
    await etcd.put('tenant-b/app/limit').value('2');
    const read = await readPrefix(etcd.namespace('tenant-a/'), 'app/', deadline());
    expect(read.keys).toEqual([{ key: 'limit', value: '1', modRevision: expect.any(Number) }]);
  });

  it("reads a mocked client's answer through etcd3's mock", async () => {
    const client = cluster.client();
    const kv = { key: Buffer.from('/mocked/app/a'), value: Buffer.from('1'), mod_revision: '6' };
    const response = { header: { revision: '7', cluster_id: '42' }, kvs: [kv], more: false, count: '1' };
    client.mock({ exec: <T>() => Promise.resolve(response as T) });
    try {
      expect(await readPrefix(client, '/mocked/app/', deadline())).toEqual({
        revision: 7,
        clusterId: '42',
        keys: [{ key: 'a', value: '1', modRevision: 6 }],
      });
    } finally {
      client.unmock();
    }
  });

  it("reports an unavailable endpoint with etcd3's typed error", async () => {
    const member = cluster.members[0];
    const client = cluster.client();
    await client.get('warm-up');
    await member.stop();
    try {
      await expect(readPrefix(client, '/down/app/', deadline())).rejects.toBeInstanceOf(GRPCGenericError);
    } finally {
      await member.restart();
    }
  }, 30_000);
});
