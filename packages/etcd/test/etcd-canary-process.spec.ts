import { canaryReleaseKey, controlPrefixFor, type CanaryRelease, type InstanceReport } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';
import { reportsOf } from './support/reporting-module';
import { ReportingProcess } from './support/reporting-process';

const TTL_SECONDS = 3;

/** Canary releases followed by app processes (the built packages), seen through their instance reports. */
describe('canary releases in app processes', () => {
  const prefix = '/canary/fleet/';
  const canaryKey = canaryReleaseKey(controlPrefixFor(prefix));
  let cluster: EtcdCluster | undefined;
  let etcd: Etcd3;
  const processes = new Map<string, ReportingProcess>();
  const startApp = async (id: string, zone: string) => {
    const app = new ReportingProcess({
      ETCD_HOSTS: cluster!.endpoints.join(','),
      PREFIX: prefix,
      INSTANCE_ID: id,
      ZONE: zone,
      TTL_SECONDS: String(TTL_SECONDS),
    });
    processes.set(id, app);
    await app.ready();
  };
  const release = (releaseId: string, zone: string, limit: string): CanaryRelease => ({
    format: 1,
    releaseId,
    selector: { labels: { zone } },
    keys: { 'limits/max': limit },
    message: `limit ${limit} in zone ${zone}`,
    author: 'ci-bot',
    baseVersion: 0,
    startedAt: new Date().toISOString(),
  });
  /** Whether a report says its instance applied `releaseId`: the canary fact, and its source's revision reached it. */
  const applied = (report: InstanceReport | undefined, releaseId: string) =>
    report?.canary?.releaseId === releaseId && Number(report.sources[0].revision) >= Number(report.canary.revision);
  const hashes = (reports: Map<string, InstanceReport>, ids: string[]) => new Set(ids.map((id) => reports.get(id)?.hash));

  afterEach(async () => {
    [...processes.values()].forEach((app) => app.exitCode === undefined && app.child.kill('SIGKILL'));
    processes.clear();
    etcd?.close();
    await cluster?.stop();
  }, 30_000);

  it('is applied by exactly the matching processes, again after a kill -9 and restart, and promoted to one content hash', async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    await etcd.put(`${prefix}limits/max`).value('5');
    await Promise.all([startApp('p-a-1', 'a'), startApp('p-b-1', 'b'), startApp('p-b-2', 'b'), startApp('p-c-1', 'c')]);
    const all = ['p-a-1', 'p-b-1', 'p-b-2', 'p-c-1'];
    const mainHash = await waitFor(
      async () => {
        const reports = await reportsOf(etcd, prefix);
        const seen = hashes(reports, all);
        return reports.size === 4 && seen.size === 1 && [...seen][0];
      },
      'four records on one hash',
      20_000,
      50,
    );

    await etcd.put(canaryKey).value(JSON.stringify(release('canary-zone-b', 'b', '9')));
    const canaryHash = await waitFor(
      async () => {
        const reports = await reportsOf(etcd, prefix);
        return (
          applied(reports.get('p-b-1'), 'canary-zone-b') && applied(reports.get('p-b-2'), 'canary-zone-b') && reports.get('p-b-1')!.hash
        );
      },
      'zone b on the canary',
      20_000,
      50,
    );
    let reports = await reportsOf(etcd, prefix);
    expect(canaryHash).not.toBe(mainHash);
    expect(hashes(reports, ['p-b-1', 'p-b-2'])).toEqual(new Set([canaryHash]));
    expect(hashes(reports, ['p-a-1', 'p-c-1'])).toEqual(new Set([mainHash]));
    expect([reports.get('p-a-1')!.canary, reports.get('p-c-1')!.canary]).toEqual([undefined, undefined]);

    const killed = processes.get('p-b-1')!;
    killed.child.kill('SIGKILL');
    await killed.exited();
    await startApp('p-b-1', 'b');
    const restartedPid = processes.get('p-b-1')!.child.pid;
    await waitFor(
      async () => {
        const report = (await reportsOf(etcd, prefix)).get('p-b-1');
        return report?.pid === restartedPid && applied(report, 'canary-zone-b') && report?.hash === canaryHash;
      },
      'the restarted instance back on the canary',
      20_000,
      50,
    );

    const { kvs } = await etcd.get(canaryKey).exec();
    const promote = await etcd
      .if(canaryKey, 'Mod', '==', kvs[0].mod_revision)
      .then(etcd.put(`${prefix}limits/max`).value('9'), etcd.delete().key(canaryKey))
      .commit();
    expect(promote.succeeded).toBe(true);
    // Every instance ends on the content the canary instances served: the canary's keys are now the main config's.
    await waitFor(
      async () => {
        const current = await reportsOf(etcd, prefix);
        return all.every((id) => current.get(id)?.hash === canaryHash && !current.get(id)?.canary);
      },
      'every instance on the canary content, no canary left',
      20_000,
      50,
    );

    await etcd.put(canaryKey).value(JSON.stringify(release('canary-zone-a', 'a', '3')));
    await waitFor(async () => applied((await reportsOf(etcd, prefix)).get('p-a-1'), 'canary-zone-a'), 'zone a on the canary', 20_000, 50);
    reports = await reportsOf(etcd, prefix);
    expect(reports.get('p-a-1')!.hash).not.toBe(canaryHash);
    expect(hashes(reports, ['p-b-1', 'p-b-2', 'p-c-1'])).toEqual(new Set([canaryHash]));
    await etcd.delete().key(canaryKey);
    await waitFor(
      async () => {
        const current = await reportsOf(etcd, prefix);
        return all.every((id) => current.get(id)?.hash === canaryHash && !current.get(id)?.canary);
      },
      'every instance back on one hash after the abort',
      20_000,
      50,
    );
  }, 120_000);
});
