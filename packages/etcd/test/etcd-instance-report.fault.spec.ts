import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import type { TestingModule } from '@nestjs/testing';
import { controlPrefixFor, instanceReportKey } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { reportsOf, startReportingApp } from './support/reporting-module';

const TTL_SECONDS = 3;

/** Instance reports when the lease is lost: the record is written again under a new lease. */
describe('EtcdConfigSource instance reports when the lease is lost', () => {
  const prefix = '/reports/lost/';
  let cluster: EtcdCluster | undefined;
  let proxy: TcpCutProxy | undefined;
  let app: TestingModule | undefined;

  afterEach(async () => {
    await app?.close();
    await proxy?.close();
    await cluster?.stop();
    app = proxy = cluster = undefined;
  }, 30_000);

  it('writes the record again after etcd restarts on a wiped data dir', async () => {
    cluster = await EtcdCluster.start();
    await cluster.client().put(`${prefix}limits/max`).value('5');
    app = await startReportingApp({ hosts: cluster.endpoints, prefix, report: { instanceId: 'lost-1', ttlSeconds: TTL_SECONDS } });
    await waitFor(async () => (await reportsOf(cluster!.client(), prefix)).has('lost-1'), 'the record', 10_000);
    const leaseOf = async (etcd: Etcd3) => (await etcd.get(instanceReportKey(controlPrefixFor(prefix), 'lost-1')).exec()).kvs[0]?.lease;
    const before = await leaseOf(cluster.client());

    const [member] = cluster.members;
    await member.wipe();
    await member.start();
    const fresh = cluster.client();
    // Not "no record right after the restart": the app may write it back before this read does. The
    // wiped store holds no old lease, so the record back under another one shows it was written again.
    const after = await waitFor(
      async () => {
        const lease = await leaseOf(fresh);
        return lease && lease !== before ? lease : undefined;
      },
      'the record to come back under a new lease',
      20_000,
      50,
    );
    expect(await cluster.leases()).toEqual([BigInt(after).toString(16)]);
  }, 60_000);

  it('writes the record again after a network cut longer than the TTL', async () => {
    cluster = await EtcdCluster.start();
    const etcd = cluster.client();
    proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    app = await startReportingApp({ hosts: [proxy.endpoint], prefix, report: { instanceId: 'cut-1', ttlSeconds: TTL_SECONDS } });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('cut-1'), 'the record', 10_000);

    proxy.cut();
    await waitFor(async () => !(await reportsOf(etcd, prefix)).has('cut-1'), 'the record to expire with its lease', 10_000, 50);
    // The cut outlived the lease: etcd holds none, so the app cannot keep the old one alive.
    await waitFor(async () => (await cluster!.leases()).length === 0, 'the lease to be gone', 10_000, 50);
    proxy.restore();
    await waitFor(
      async () => (await reportsOf(etcd, prefix)).get('cut-1')?.sources[0].state === 'connected',
      'the record back',
      30_000,
      50,
    );
    expect(await cluster.leases()).toHaveLength(1);
  }, 60_000);

  it('writes the record again under a new lease when its lease is revoked behind its back, with no change of config', async () => {
    cluster = await EtcdCluster.start();
    const etcd = cluster.client();
    app = await startReportingApp({ hosts: cluster.endpoints, prefix, report: { instanceId: 'revoked-1', ttlSeconds: TTL_SECONDS } });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('revoked-1'), 'the record', 10_000);
    const [lease] = await cluster.leases();

    await cluster.revokeLease(lease);
    expect((await reportsOf(etcd, prefix)).has('revoked-1')).toBe(false);
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('revoked-1'), 'the record to come back', 10_000, 50);
    const leases = await cluster.leases();
    expect(leases).toHaveLength(1);
    expect(leases).not.toContain(lease);
  }, 60_000);

  it('closes while etcd stays unreachable (the revoke gives up), and the record expires', async () => {
    cluster = await EtcdCluster.start();
    const etcd = cluster.client();
    proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    app = await startReportingApp({ hosts: [proxy.endpoint], prefix, report: { instanceId: 'down-1', ttlSeconds: TTL_SECONDS } });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('down-1'), 'the record', 10_000);

    proxy.cut();
    const closed = app.close();
    app = undefined;
    // Resolving at all, with the proxy never restored, shows close() gives up on the revoke (after
    // the TTL at most, leased-record.ts) instead of waiting for etcd; the failure is logged, not thrown.
    await closed;
    await waitFor(async () => !(await reportsOf(etcd, prefix)).has('down-1'), 'the record to expire', 10_000, 50);
  }, 60_000);
});
