import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, type ConfigErrorEvent } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';

/**
 * A re-read (here the resync after a compaction) is no etcd transaction: one key of its difference
 * that cannot be read must not hold back the others. It is left out at its last good value, as the
 * initial load leaves it out, and named.
 */
describe('EtcdConfigSource resyncing a difference that holds one unreadable key', () => {
  const prefix = '/fault/resync-unreadable/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let moduleRef: TestingModule | undefined;
  let proxy: TcpCutProxy | undefined;

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  afterEach(async () => {
    await moduleRef?.close();
    await proxy?.close();
    moduleRef = proxy = undefined;
  }, 30_000);
  afterAll(async () => {
    etcd?.close();
    await cluster?.stop();
  }, 30_000);

  it('applies every other change of the difference at once, with reconcile off', async () => {
    await etcd.put(`${prefix}x`).value('1');
    await etcd.put(`${prefix}doc.json`).value('{"a":1}');
    proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    const retry = { initialDelayMs: 20, maxDelayMs: 200 };
    const source = new EtcdConfigSource({ hosts: [proxy.endpoint], prefix, reconcileIntervalMs: 0, retry });
    moduleRef = await Test.createTestingModule({ imports: [ConfigCenterModule.forRoot({ sources: [source] })] }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const errors: ConfigErrorEvent[] = [];
    service.errors$.subscribe((event) => errors.push(event));
    await waitFor(() => service.status().sources[0].state === 'connected', 'the watch', 10_000);

    proxy.cut();
    await etcd.put(`${prefix}x`).value('2');
    await etcd.put(`${prefix}doc.json`).value('{"a":');
    await cluster.compact();
    const head = await cluster.revision();
    proxy.restore();

    await waitFor(() => source.revision >= head, 'the resync', 20_000);
    await waitFor(() => service.get('x') === 2, 'x from the resync', 10_000);
    expect(service.get('doc')).toEqual({ a: 1 });
    const parse = errors.find((event) => event.kind === 'parse');
    expect(parse?.message).toMatch(/'\/fault\/resync-unreadable\/doc\.json': malformed JSON/);
    expect(parse?.message).not.toContain('{"a":');
  }, 60_000);
});
