import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

/** Startup with the etcd cluster down: the core's last-good cache and `failFast` rules apply. */
describe('EtcdConfigSource starting while etcd is down', () => {
  const prefix = '/startup/app/';
  const retry = { initialDelayMs: 50, maxDelayMs: 300 };
  let cluster: EtcdCluster;
  let dir: string;
  const stores: ConfigStore[] = [];
  const source = () => new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0, requestTimeoutMs: 2000, retry });
  const store = (options: { cache?: { path: string }; failFast?: boolean }) => {
    const created = new ConfigStore({ sources: [source()], startupTimeoutMs: 1000, retry, ...options });
    stores.push(created);
    return created;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-etcd-startup-'));
    cluster = await EtcdCluster.start();
    await cluster.client().put(`${prefix}limit`).value('5');
  }, 30_000);
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    if (!cluster.members[0].running) await cluster.members[0].start();
  }, 30_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('fails startup with failFast and no cache, naming the source, the endpoint and the cause', async () => {
    await cluster.members[0].kill9();
    const failure: Error = await store({})
      .load()
      .catch((error) => error);
    expect(failure.message).toContain(`Config source 'etcd:${prefix}': startup failed`);
    expect(failure.message).toMatch(
      new RegExp(`reading prefix '${prefix}' at ${cluster.endpoints[0]} failed: (connection refused: nothing listens|no answer from etcd)`),
    );
  }, 30_000);

  it('serves the cached slice while etcd is down, then the live one once it is back', async () => {
    const cache = { path: join(dir, 'last-good.json') };
    const first = store({ cache });
    await first.load();
    expect(first.current.tree).toEqual({ limit: '5' });
    await first.close();

    await cluster.members[0].kill9();
    const cached = store({ cache });
    await cached.load();
    expect(cached.status().sources[0]).toMatchObject({
      state: 'cached',
      lastError: { message: expect.stringMatching(/failed: (connection refused|no answer from etcd)/) },
    });
    expect(cached.current.tree).toEqual({ limit: '5' });
    const probe = new AppliedStateProbe(cached);
    cached.startWatching();
    await cluster.members[0].start();
    await cluster.client().put(`${prefix}limit`).value('6');
    await probe.convergedOn(cluster.client(), prefix);
    expect(cached.status().sources[0].state).toBe('connected');
    await probe.close();
  }, 30_000);
});
