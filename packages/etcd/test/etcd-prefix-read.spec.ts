import { Etcd3, GRPCGenericError, type Namespace } from 'etcd3';
import { kvConnections, prefixKey, readDirectly, readPrefix, readThroughEtcd3 } from '../src/etcd-prefix-read';
import { EtcdCluster } from './harness';

describe('reading a prefix from a real etcd', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const deadline = () => Date.now() + 5000;
  /** The direct read of `prefix` on `client` (which must have its pool). */
  const direct = (client: Namespace, prefix: string) => readDirectly(kvConnections(client)!, prefixKey(client, prefix), deadline());

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  });
  afterAll(() => cluster?.stop());

  it("decodes what etcd3 decodes: every key, value and mod revision, at the read's revision", async () => {
    const prefix = '/read/app/';
    await etcd.put(`${prefix}rateLimit/limit`).value('5');
    await etcd.put(`${prefix}empty`).value('');
    await etcd.put(`${prefix}grüße/名前`).value('café ☕');
    await etcd.put(`${prefix}not-utf8`).value(Buffer.from([0xff, 0xfe, 0x41]));
    await etcd.put(`${prefix}large.json`).value(JSON.stringify({ text: 'x'.repeat(200_000) }));
    await etcd.put(`${prefix.slice(0, -1)}-other/x`).value('outside');
    const writes = Array.from({ length: 1000 }, (_, i) => etcd.put(`${prefix}many/k${i}`).value(String(i)).exec());
    await Promise.all(writes);
    await etcd.put(`${prefix}rateLimit/limit`).value('6');

    const expected = await readThroughEtcd3(etcd, prefix, deadline());
    expect(expected.keys).toHaveLength(1005);
    expect(await direct(etcd, prefix)).toEqual(expected);
    expect(expected.revision).toBe(await cluster.revision());
  });

  it("reads through a namespaced client with keys relative to the namespace's prefix", async () => {
    await etcd.put('tenant-a/app/limit').value('1');
    await etcd.put('tenant-b/app/limit').value('2');
    const namespaced = etcd.namespace('tenant-a/');

    const read = await direct(namespaced, 'app/');
    expect(read.keys).toEqual([{ key: 'limit', value: '1', modRevision: expect.any(Number) }]);
    expect(read).toEqual(await readThroughEtcd3(namespaced, 'app/', deadline()));
  });

  it('reads directly when it can, and through etcd3 when the client has no pool it can use', async () => {
    await etcd.put('/fallback/app/a').value('1');
    const client = cluster.client();
    const getAll = jest.spyOn(client, 'getAll');
    const read = await readPrefix(client, '/fallback/app/', deadline());
    expect(getAll).not.toHaveBeenCalled();

    const poolless = Object.create(client, { pool: { value: undefined } }) as Etcd3;
    expect(await readPrefix(poolless, '/fallback/app/', deadline())).toEqual(read);
    expect(getAll).toHaveBeenCalledTimes(1);
  });

  it("reads a mocked client's answer through etcd3's mock", async () => {
    const client = cluster.client();
    const kv = { key: Buffer.from('/mocked/app/a'), value: Buffer.from('1'), mod_revision: '6' };
    const response = { header: { revision: '7' }, kvs: [kv], more: false, count: '1' };
    client.mock({ exec: <T>() => Promise.resolve(response as T) });
    try {
      expect(await readPrefix(client, '/mocked/app/', deadline())).toEqual({
        revision: 7,
        keys: [{ key: 'a', value: '1', modRevision: 6 }],
      });
    } finally {
      client.unmock();
    }
  });

  it('hands an unavailable endpoint over to etcd3, which retries it and reports its error', async () => {
    const member = cluster.members[0];
    const client = cluster.client();
    await client.get('warm-up');
    const getAll = jest.spyOn(client, 'getAll');
    await member.stop();
    try {
      await expect(readPrefix(client, '/down/app/', deadline())).rejects.toBeInstanceOf(GRPCGenericError);
      expect(getAll).toHaveBeenCalledTimes(1);
    } finally {
      await member.restart();
    }
  });
});
