import { controlPrefixFor, followInstanceReports, readInstanceReports, type InstanceReportsRead } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { TestingModule } from '@nestjs/testing';
import type { Etcd3 } from 'etcd3';
import { rawRecord, startReportingApp } from './support/reporting-module';

/** `followInstanceReports`: the whole set of records after each change, from one read and a watch, equal to a fresh read. */
describe('followInstanceReports', () => {
  const prefix = '/follow/orders/';
  const instances = `${controlPrefixFor(prefix)}instances/`;
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const apps: TestingModule[] = [];

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('follows records written, changed, malformed and revoked, each time as a read at that revision would see them', async () => {
    await etcd.put(`${prefix}limits/max`).value('5');
    const start = async (instanceId: string, ttlSeconds: number) => {
      const app = await startReportingApp({ hosts: cluster.endpoints, prefix, report: { instanceId, ttlSeconds } });
      apps.push(app);
      return app;
    };
    const first = await start('orders-a-1', 30);
    await waitFor(async () => (await rawRecord(etcd, prefix, 'orders-a-1')) !== undefined, 'the first record', 10_000);

    const seen: InstanceReportsRead[] = [];
    const errors: Error[] = [];
    const follow = await followInstanceReports(etcd, controlPrefixFor(prefix), {
      onChange: (read) => seen.push(read),
      onError: (error) => errors.push(error),
    });
    try {
      const latest = () => seen[seen.length - 1];
      const ids = () => latest().reports.map((report) => report.instanceId);
      expect(seen).toHaveLength(1);
      expect(ids()).toEqual(['orders-a-1']);

      await start('orders-b-1', 3);
      await waitFor(() => ids().length === 2, 'the second record', 10_000, 20);
      const revision = String((await etcd.put(`${prefix}limits/max`).value('6')).header.revision);
      await waitFor(
        () => latest().reports.every((report) => report.sources[0].revision === revision),
        'both to report the change',
        10_000,
        20,
      );
      await etcd.put(`${instances}broken`).value('{not json');
      await waitFor(() => latest().problems.length === 1, 'the malformed record', 10_000, 20);
      expect(latest().problems).toEqual([{ key: `${instances}broken`, problem: 'not JSON' }]);
      const fresh = await readInstanceReports(etcd, controlPrefixFor(prefix));
      expect({ reports: latest().reports, problems: latest().problems }).toEqual({ reports: fresh.reports, problems: fresh.problems });

      await first.close(); // revokes its lease: the record goes at once
      apps.splice(apps.indexOf(first), 1);
      await waitFor(() => !ids().includes('orders-a-1'), 'the closed instance to go', 5000, 20);
      await etcd.delete().key(`${instances}broken`);
      await Promise.all(apps.splice(0).map((app) => app.close()));
      await waitFor(() => latest().reports.length === 0 && latest().problems.length === 0, 'every record to go', 10_000, 20);
      expect(Number(latest().revision)).toBeGreaterThanOrEqual(Number(revision));
      expect(errors).toEqual([]);
    } finally {
      await follow.close();
    }
  }, 60_000);

  it('closes while etcd is frozen, without waiting for etcd to confirm the cancel, and calls back no more', async () => {
    const seen: InstanceReportsRead[] = [];
    const follow = await followInstanceReports(etcd, controlPrefixFor('/follow/frozen/'), {
      onChange: (read) => seen.push(read),
      onError: () => undefined,
    });
    const [member] = cluster.members;
    member.pause();
    try {
      await follow.close();
    } finally {
      member.resume();
    }
    expect(seen).toHaveLength(1);
  }, 30_000);
});
