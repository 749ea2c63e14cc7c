import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

/**
 * Fault 2: the source is cut off (a TCP proxy resets its connections) long enough that etcd
 * compacts its history past the source's cursor, then the link comes back.
 */
describe('EtcdConfigSource when etcd compacts past its cursor while it is cut off', () => {
  let cluster: EtcdCluster | undefined;
  let proxy: TcpCutProxy | undefined;
  let probe: AppliedStateProbe | undefined;

  afterEach(async () => {
    await probe?.close();
    await proxy?.close();
    await cluster?.stop();
  }, 30_000);

  it('re-reads the prefix, applies the difference as one batch with deletes, and watches on', async () => {
    cluster = await EtcdCluster.start();
    proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    const prefix = '/fault/compaction/';
    const etcd = cluster.client();
    for (let i = 0; i < 10; i++) await etcd.put(`${prefix}keep/k${i}`).value(String(i));
    await etcd.put(`${prefix}doomed/a`).value('1');
    await etcd.put(`${prefix}doomed/b`).value('2');
    const source = new EtcdConfigSource({
      hosts: proxy.endpoint,
      prefix,
      reconcileIntervalMs: 0,
      retry: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    probe = await AppliedStateProbe.start(source);
    await etcd.put(`${prefix}keep/k0`).value('100');
    const cursor = (await probe.convergedOn(etcd, prefix)).revision;

    proxy.cut();
    await waitFor(() => probe?.status.state === 'reconnecting', 'the cut to be noticed', 10_000);
    for (let i = 0; i < 20; i++) await etcd.put(`${prefix}keep/k${i % 5}`).value(String(1000 + i));
    await etcd.delete().prefix(`${prefix}doomed/`);
    await etcd.put(`${prefix}added`).value('new');
    const compactedAt = await cluster.compact();
    expect(compactedAt).toBeGreaterThan(cursor + 1);
    const swapsBefore = probe.appliedRevisions.length;
    proxy.restore();

    const recovered = await probe.convergedOn(etcd, prefix);
    expect(recovered.revision).toBe(compactedAt);
    expect(probe.tree).not.toHaveProperty('doomed');
    expect(probe.appliedRevisions.slice(swapsBefore)).toEqual([compactedAt]);

    const next = await etcd.put(`${prefix}keep/k9`).value('9999');
    await probe.convergedOn(etcd, prefix);
    expect(probe.appliedRevisions.slice(swapsBefore)).toEqual([compactedAt, Number(next.header.revision)]);
    expect(probe.revisionsOnlyWentUp).toBe(true);
    expect(probe.states.slice(-2)).toEqual(['reconnecting', 'connected']);
  }, 60_000);
});
