import { ConfigCenterService } from '@config-center/core';
import { controlPrefixFor, readInstanceReports } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { TestingModule } from '@nestjs/testing';
import type { Etcd3 } from 'etcd3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { etcdLeaseExpired, rawRecord, recordHistory, reportsOf, startReportingApp } from './support/reporting-module';

/** Instance reports (issue #16): one record per app under a lease in the control prefix. */
describe('EtcdConfigSource instance reports', () => {
  const prefix = '/reports/orders/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const apps: TestingModule[] = [];
  const put = async (key: string, value: string) => String((await etcd.put(`${prefix}${key}`).value(value)).header.revision);
  /** Waits until the record says what the app's status says now: no change of its facts is left to write. */
  const recordIsCurrent = (app: TestingModule, instanceId: string) =>
    waitFor(async () => {
      const report = (await reportsOf(etcd, prefix)).get(instanceId);
      const status = app.get(ConfigCenterService).status();
      const sources = (list: readonly { state: string; revision?: string }[]) =>
        list.map(({ state, revision }) => `${state}@${revision}`).join();
      const current = report?.state === status.state && report.version === status.version && report.hash === status.hash;
      return current && sources(report.sources) === sources(status.sources) ? report : undefined;
    }, `the record of ${instanceId} to show the current status`);
  const start = async (report: Parameters<typeof startReportingApp>[0]['report']) => {
    const app = await startReportingApp({ hosts: cluster.endpoints, prefix, report });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  beforeEach(async () => {
    await etcd.delete().all();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 30_000);

  it('writes a record with the identity, the version, hash and revision it applied, after startup', async () => {
    const revision = await put('limits/max', '5');
    const app = await start({ instanceId: 'orders-a-1', labels: { zone: 'a', tier: 'web' }, ttlSeconds: 3 });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('orders-a-1'), 'the record', 10_000);

    const report = (await reportsOf(etcd, prefix)).get('orders-a-1');
    const status = app.get(ConfigCenterService).status();
    expect(report).toEqual({
      format: 1,
      instanceId: 'orders-a-1',
      host: hostname(),
      pid: process.pid,
      labels: { zone: 'a', tier: 'web' },
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      state: 'ready',
      version: status.version,
      hash: status.hash,
      appliedAt: status.appliedAt?.toISOString(),
      sources: [{ name: `etcd:${prefix}`, state: 'connected', revision }],
      quarantined: [],
      keyIds: [],
      rejections: [],
    });
    expect(status.hash).toMatch(/^[0-9a-f]{16}$/);
    const { kvs } = await etcd.getAll().prefix('/config-center/control/reports/orders/instances/').exec();
    expect(kvs.map((kv) => kv.key.toString())).toEqual(['/config-center/control/reports/orders/instances/orders-a-1']);
  }, 30_000);

  it('updates the version, hash and revision when a change is applied, in one write', async () => {
    await put('limits/max', '5');
    const app = await start({ instanceId: 'orders-a-1', ttlSeconds: 3 });
    const before = await recordIsCurrent(app, 'orders-a-1');
    const { writes } = (await rawRecord(etcd, prefix, 'orders-a-1'))!;
    await etcdLeaseExpired(etcd, 1); // longer than the 500 ms write interval: nothing is written while nothing changes
    expect((await rawRecord(etcd, prefix, 'orders-a-1'))!.writes).toBe(writes);

    const revision = await put('limits/max', '7');
    await waitFor(async () => (await reportsOf(etcd, prefix)).get('orders-a-1')?.sources[0].revision === revision, 'the new revision');
    const after = (await reportsOf(etcd, prefix)).get('orders-a-1')!;
    const status = app.get(ConfigCenterService).status();
    // The next change's write arrives: had the first change been written twice, both would show by then.
    const marker = await put('limits/max', '8');
    await waitFor(async () => (await reportsOf(etcd, prefix)).get('orders-a-1')?.sources[0].revision === marker, 'the marker change');
    expect((await rawRecord(etcd, prefix, 'orders-a-1'))!.writes).toBe(writes + 2);
    // Nothing is written while nothing changes: every write of the record changed it.
    const history = await recordHistory(etcd, prefix, 'orders-a-1');
    expect(history.filter((text, i) => i > 0 && text === history[i - 1])).toEqual([]);
    expect(after.version).toBe(before.version + 1);
    expect(after.version).toBe(status.version);
    expect(after.hash).toBe(status.hash);
    expect(after.hash).not.toBe(before.hash);
    expect(after.startedAt).toBe(before.startedAt);
  }, 30_000);

  it('lists a rejected change under rejections (revision, path, constraint; no value) and the quarantined section', async () => {
    await put('limits/max', '5');
    await start({ instanceId: 'orders-a-1', ttlSeconds: 3 });
    const invalidAt = await put('limits/max', '-987654');
    await waitFor(async () => (await reportsOf(etcd, prefix)).get('orders-a-1')?.rejections.length === 1, 'the rejection');

    const report = (await reportsOf(etcd, prefix)).get('orders-a-1')!;
    const issues = [{ path: 'limits.max', constraint: 'must not be less than 1' }];
    expect(report.rejections).toEqual([
      { source: `etcd:${prefix}`, revision: invalidAt, kind: 'validation', issues, at: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(report.quarantined).toEqual([{ section: 'limits', source: `etcd:${prefix}`, issues, since: expect.any(String) }]);
    expect(report.state).toBe('degraded');
    expect((await rawRecord(etcd, prefix, 'orders-a-1'))!.text).not.toContain('987654');
  }, 30_000);

  it('lists the ids of the keys it holds — never a key —, and a key that arrives in its key directory', async () => {
    const keyDir = await mkdtemp(join(tmpdir(), 'cc-report-keys-'));
    try {
      const [k1, k2] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
      await writeFile(join(keyDir, 'k1.key'), k1);
      const app = await startReportingApp({ hosts: cluster.endpoints, prefix, report: { instanceId: 'orders-k-1' }, secrets: { keyDir } });
      apps.push(app);
      await waitFor(async () => (await reportsOf(etcd, prefix)).get('orders-k-1')?.keyIds?.join() === 'k1', 'the record with k1', 10_000);
      await writeFile(join(keyDir, 'k2.key'), k2);
      await waitFor(async () => (await reportsOf(etcd, prefix)).get('orders-k-1')?.keyIds?.join() === 'k1,k2', 'k2 in the record', 10_000);
      const { text } = (await rawRecord(etcd, prefix, 'orders-k-1'))!;
      for (const key of [k1, k2]) expect(text).not.toContain(key);
    } finally {
      await rm(keyDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('takes the record and its lease down at once on app.close()', async () => {
    const app = await start({ instanceId: 'orders-a-1', ttlSeconds: 30 });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('orders-a-1'), 'the record', 10_000);
    expect(await cluster.leases()).toHaveLength(1);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(await rawRecord(etcd, prefix, 'orders-a-1')).toBeUndefined();
    expect(await cluster.leases()).toEqual([]);
  }, 30_000);

  it('keeps a given instance id across restarts and generates one per start otherwise', async () => {
    const first = await start({ instanceId: 'orders-b-7', ttlSeconds: 3 });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('orders-b-7'), 'the first record', 10_000);
    const firstStart = (await reportsOf(etcd, prefix)).get('orders-b-7')!.startedAt;
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    await start({ instanceId: 'orders-b-7', ttlSeconds: 3 });
    await start({ ttlSeconds: 3 });
    await start({ ttlSeconds: 3 });
    await waitFor(async () => (await reportsOf(etcd, prefix)).size === 3, 'three records', 10_000);

    const ids = [...(await reportsOf(etcd, prefix)).keys()];
    expect(ids).toContain('orders-b-7');
    const generated = ids.filter((id) => id !== 'orders-b-7');
    expect(generated).toHaveLength(2);
    for (const id of generated) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await reportsOf(etcd, prefix)).get('orders-b-7')!.startedAt >= firstStart).toBe(true);
  }, 30_000);

  it('reads malformed, mismatched and lease-less records as problems, naming the key, beside the good ones', async () => {
    await start({ instanceId: 'orders-a-1', ttlSeconds: 3 });
    await waitFor(async () => (await reportsOf(etcd, prefix)).has('orders-a-1'), 'the record', 10_000);
    const instances = `${controlPrefixFor(prefix)}instances/`;
    const good = (await rawRecord(etcd, prefix, 'orders-a-1'))!.text;
    await etcd.put(`${instances}broken`).value('{not json');
    await etcd.put(`${instances}old`).value(JSON.stringify({ format: 0 }));
    await etcd.put(`${instances}partial`).value(JSON.stringify({ ...JSON.parse(good), instanceId: 'partial', pid: 'x' }));
    await etcd.put(`${instances}elsewhere`).value(good);
    // Well formed, under its own id, but on no lease: written by hand (or forged), it outlives any instance.
    await etcd.put(`${instances}leaseless`).value(JSON.stringify({ ...JSON.parse(good), instanceId: 'leaseless' }));

    const { reports, problems } = await readInstanceReports(etcd, controlPrefixFor(prefix));
    expect(reports.map((report) => report.instanceId)).toEqual(['orders-a-1']);
    expect(problems).toEqual([
      { key: `${instances}broken`, problem: 'not JSON' },
      { key: `${instances}elsewhere`, problem: 'its instanceId does not match its key' },
      { key: `${instances}leaseless`, problem: 'it holds no lease (an instance writes its record under one)' },
      { key: `${instances}old`, problem: 'format 0 is not 1' },
      { key: `${instances}partial`, problem: "field 'pid' is missing or of the wrong shape" },
    ]);
  }, 30_000);
});
