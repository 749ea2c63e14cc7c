import { EtcdCluster } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';
import { canaryReleaseKey, controlPrefixFor, EtcdConfigSource, isCanaryMember, type CanaryRelease } from '@config-center/etcd';

const HOOK_TIMEOUT_MS = 60_000;

/** Which of 50 instance ids a percent canary selects, as the instances' own sources load it, before and after a restart. */
describe('EtcdConfigSource canary membership across 50 instance ids', () => {
  const prefix = '/canary/membership/';
  const ids = Array.from({ length: 50 }, (_, index) => `orders-${index}`);
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const release = (percent: number): CanaryRelease => ({
    format: 1,
    releaseId: 'canary-5e1d20',
    selector: { percent },
    keys: { 'limits/max': '7' },
    message: 'try 7',
    author: 'ci-bot',
    baseVersion: 0,
    startedAt: new Date(0).toISOString(),
  });
  /** Starts one source per id (a restart of the fleet), loads each, and returns the ids that serve the canary value. */
  const serving = async (): Promise<string[]> => {
    const sources = ids.map(
      (instanceId) => new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0, report: { instanceId } }),
    );
    try {
      const loaded = await Promise.all(sources.map((source) => source.load()));
      return ids.filter((_, index) => (loaded[index].tree as { limits: { max: unknown } }).limits.max === '7');
    } finally {
      await Promise.all(sources.map((source) => source.close()));
    }
  };

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    await etcd.put(`${prefix}limits/max`).value('5');
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    etcd?.close();
    await cluster?.stop();
  }, HOOK_TIMEOUT_MS);

  it('selects 3 to 7 ids at 10 %, the same ones after a restart, and keeps them when widened to 20 %', async () => {
    const key = canaryReleaseKey(controlPrefixFor(prefix));
    await etcd.put(key).value(JSON.stringify(release(10)));
    const first = await serving();
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first.length).toBeLessThanOrEqual(7);
    expect(first).toEqual(ids.filter((instanceId) => isCanaryMember(release(10), { instanceId, labels: {} })));
    expect(await serving()).toEqual(first);

    await etcd.put(key).value(JSON.stringify(release(20)));
    const widened = await serving();
    expect(widened.length).toBeGreaterThan(first.length);
    expect(widened).toEqual(expect.arrayContaining(first));

    await etcd.delete().key(key);
    expect(await serving()).toEqual([]);
  }, 60_000);
});
