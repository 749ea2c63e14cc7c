import { Etcd3, GRPCResourceExhastedError } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { readPrefixKeysPaged, readPrefixPaged } from '../src/paged-prefix-read';
import { pausingClient } from './support/pausing-client';

describe('reading a prefix in pages from a real etcd', () => {
  const prefix = '/paged/app/';
  const keyOf = (i: number) => `${prefix}k${String(i).padStart(5, '0')}`;
  let cluster: EtcdCluster;
  let etcd: Etcd3;

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    const value = 'v'.repeat(2048);
    for (let start = 0; start < 2500; start += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, i) =>
          etcd
            .put(keyOf(start + i))
            .value(`${start + i}:${value}`)
            .exec(),
        ),
      );
    }
    await etcd.put(`${prefix.slice(0, -1)}-other/x`).value('outside');
  }, 60_000);
  afterAll(() => cluster?.stop(), 30_000);

  it('reads a prefix past gRPC’s 4 MiB message, every key in key order, at one revision', async () => {
    const oneShot = cluster.client(); // its own: etcd3 counts the refusal against the host
    try {
      await expect(oneShot.getAll().prefix(prefix).exec()).rejects.toBeInstanceOf(GRPCResourceExhastedError);
    } finally {
      oneShot.close();
    }
    const { client, requests } = pausingClient(etcd, 0, async () => undefined);
    const read = await readPrefixPaged(client, prefix);
    expect(read.kvs.map(({ key }) => key.toString())).toEqual(Array.from({ length: 2500 }, (_, i) => keyOf(i)));
    expect(read.kvs[1234].value.toString()).toMatch(/^1234:v+$/);
    expect(read.revision).toBe(String(await cluster.revision()));
    expect(read.clusterId).toMatch(/^\d+$/);
    expect(requests()).toBeGreaterThan(4);
  }, 30_000);

  it('sees none of the writes made between two pages: every page is read at the first one’s revision', async () => {
    const before = await readPrefixPaged(etcd, prefix);
    const { client } = pausingClient(etcd, 2, async () => {
      await etcd.put(keyOf(2400)).value('changed');
      await etcd.delete().key(keyOf(2401));
      await etcd.put(`${prefix}zzz`).value('new');
    });
    const read = await readPrefixPaged(client, prefix, { firstPage: 10 });
    expect(read.revision).toBe(before.revision);
    expect(read.kvs.map(({ key, value }) => [key.toString(), value.toString()])).toEqual(
      before.kvs.map(({ key, value }) => [key.toString(), value.toString()]),
    );
    await etcd.put(keyOf(2401)).value('2401');
    await etcd.delete().key(`${prefix}zzz`);
  }, 30_000);

  it('starts over when etcd compacted the revision of the first page before the next one', async () => {
    const { client, requests } = pausingClient(etcd, 2, async () => {
      await etcd.put(`${prefix}added`).value('after the first page');
      await cluster.compact();
    });
    const read = await readPrefixPaged(client, prefix, { firstPage: 10 });
    expect(read.kvs.find(({ key }) => key.toString() === `${prefix}added`)?.value.toString()).toBe('after the first page');
    expect(read.kvs).toHaveLength(2501);
    expect(read.revision).toBe(String(await cluster.revision()));
    expect(requests()).toBeGreaterThan(3);
    await etcd.delete().key(`${prefix}added`);
  }, 30_000);

  it('lists the keys only, in pages, through a namespaced client', async () => {
    const read = await readPrefixKeysPaged(etcd.namespace('/paged/'), 'app/', { firstPage: 100, pageBytes: 2000 });
    expect(read.keys.map((key) => key.toString())).toEqual(Array.from({ length: 2500 }, (_, i) => keyOf(i).slice('/paged/'.length)));
    expect(read.revision).toBe(String(await cluster.revision()));
    expect(read.clusterId).toMatch(/^\d+$/);
  }, 30_000);

  it('gives every page the deadline of the whole read', async () => {
    const client = cluster.client(); // its own: a missed deadline counts against the host in etcd3
    try {
      await expect(readPrefixPaged(client, prefix, { deadline: Date.now() - 1 })).rejects.toThrow(/DEADLINE_EXCEEDED|deadline/i);
      expect((await readPrefixPaged(client, prefix, { deadline: Date.now() + 10_000 })).kvs).toHaveLength(2500);
    } finally {
      client.close();
    }
  }, 30_000);
});
