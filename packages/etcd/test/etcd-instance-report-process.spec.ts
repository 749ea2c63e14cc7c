import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { controlPrefixFor, instanceReportKey } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { reportsOf } from './support/reporting-module';
import { ReportingProcess } from './support/reporting-process';

const TTL_SECONDS = 3;

/** Instance reports of app processes: a killed one's record expires with its lease, a stopped one's goes at once. */
describe('instance reports of app processes', () => {
  const prefix = '/reports/fleet/';
  let cluster: EtcdCluster | undefined;
  const processes: ReportingProcess[] = [];
  const startApp = (id: string, zone: string) => {
    const app = new ReportingProcess({
      ETCD_HOSTS: cluster!.endpoints.join(','),
      PREFIX: prefix,
      INSTANCE_ID: id,
      ZONE: zone,
      TTL_SECONDS: String(TTL_SECONDS),
    });
    processes.push(app);
    return app;
  };

  afterEach(async () => {
    processes.splice(0).forEach((app) => app.exitCode === undefined && app.child.kill('SIGKILL'));
    await cluster?.stop();
  }, 30_000);

  it('drops a kill -9ed instance within the lease TTL, and a SIGTERMed one at once; the others stay', async () => {
    cluster = await EtcdCluster.start();
    const etcd: Etcd3 = cluster.client();
    await etcd.put(`${prefix}limits/max`).value('5');
    const apps = [startApp('fleet-a-1', 'a'), startApp('fleet-b-1', 'b'), startApp('fleet-b-2', 'b')];
    await Promise.all(apps.map((app) => app.ready()));
    await waitFor(async () => (await reportsOf(etcd, prefix)).size === 3, 'three records', 10_000);
    const reports = await reportsOf(etcd, prefix);
    expect([...reports.values()].map(({ instanceId, labels, pid }) => ({ instanceId, labels, pid }))).toEqual([
      { instanceId: 'fleet-a-1', labels: { zone: 'a' }, pid: apps[0].child.pid },
      { instanceId: 'fleet-b-1', labels: { zone: 'b' }, pid: apps[1].child.pid },
      { instanceId: 'fleet-b-2', labels: { zone: 'b' }, pid: apps[2].child.pid },
    ]);

    // "Within the TTL" is etcd's promise for a lease a second shorter than it, which covers etcd's
    // sweep (every 500 ms): checked on the lease, since a stopwatch on a loaded machine runs long.
    const { kvs } = await etcd.get(instanceReportKey(controlPrefixFor(prefix), 'fleet-a-1')).exec();
    expect(await cluster.leaseGrantedTtl(BigInt(kvs[0].lease).toString(16))).toBe(TTL_SECONDS - 1);
    apps[0].child.kill('SIGKILL');
    await apps[0].exited();
    await waitFor(async () => !(await reportsOf(etcd, prefix)).has('fleet-a-1'), 'the killed instance to be gone', 30_000, 50);

    apps[1].child.kill('SIGTERM');
    await apps[1].exited();
    expect(apps[1].exitCode).toBe(0);
    expect([...(await reportsOf(etcd, prefix)).keys()]).toEqual(['fleet-b-2']);
  }, 60_000);
});
