import { EtcdConfigSource, type EtcdConfigSourceOptions, type EtcdWatchStream, type EtcdWatchStreamHandlers } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

/** A buggy client: it loses the first watch response that touches `lost/`. */
class LossyEtcdConfigSource extends EtcdConfigSource {
  dropped = 0;

  protected override openStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream {
    return super.openStream(revision, {
      ...handlers,
      received: (response) => {
        const touchesLost = response.events.some((event) => event.kv.key.toString().includes('/lost/'));
        if (touchesLost && this.dropped++ === 0) return;
        handlers.received(response);
      },
    });
  }
}

/** Recovery without a stream error to go on: periodic reconciliation, and a frozen server. */
describe('EtcdConfigSource recovery', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let probe: AppliedStateProbe | undefined;
  const options = (prefix: string): EtcdConfigSourceOptions => ({
    hosts: cluster.endpoints,
    prefix,
    retry: { initialDelayMs: 50, maxDelayMs: 300 },
  });

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  afterEach(async () => {
    cluster.members[0].resume();
    await probe?.close();
    probe = undefined;
  });
  afterAll(() => cluster?.stop(), 30_000);

  it('reconciles periodically: what the watch lost is applied from a fresh read', async () => {
    const prefix = '/recovery/reconcile/';
    const source = new LossyEtcdConfigSource({ ...options(prefix), reconcileIntervalMs: 500 });
    probe = await AppliedStateProbe.start(source);
    // The watch is live once a first write has come through it: the lost write then travels alone,
    // rather than in the catch-up response of a watch created after it.
    const ready = await etcd.put(`${prefix}ready`).value('0');
    await probe.convergedOn(etcd, prefix);
    const served: unknown[] = [];
    const subscription = probe.store.changes$.subscribe((change) => served.push(change.current));
    const lost = await etcd.put(`${prefix}lost/value`).value('1');
    const kept = await etcd.put(`${prefix}kept`).value('2');

    const state = await probe.convergedOn(etcd, prefix);
    await waitFor(() => served.length === 2, 'the reconcile to repair the loss', 10_000);
    subscription.unsubscribe();
    expect(source.dropped).toBe(1);
    expect(served).toEqual([
      { ready: '0', kept: '2' },
      { ready: '0', kept: '2', lost: { value: '1' } },
    ]);
    expect(state.revision).toBe(Number(kept.header.revision));
    expect(probe.appliedRevisions).toEqual([Number(ready.header.revision), state.revision, state.revision]);
    expect(Number(lost.header.revision)).toBeLessThan(state.revision);
  });

  it('reports reconnecting while etcd is frozen (SIGSTOP) and catches up once it thaws', async () => {
    const prefix = '/recovery/frozen/';
    const source = new EtcdConfigSource({ ...options(prefix), reconcileIntervalMs: 0, keepaliveMs: 1000, dialTimeoutMs: 1000 });
    probe = await AppliedStateProbe.start(source);
    await etcd.put(`${prefix}a`).value('1');
    await probe.convergedOn(etcd, prefix);
    const [member] = cluster.members;
    member.pause();
    await waitFor(() => probe?.status.state === 'reconnecting', 'the frozen server to be noticed', 10_000);
    expect(probe.status.lastError?.message).toMatch(/watching prefix '\/recovery\/frozen\/' at 127\.0\.0\.1:\d+ failed/);
    member.resume();
    await etcd.put(`${prefix}a`).value('2');
    await probe.convergedOn(etcd, prefix);
    expect(probe.status.state).toBe('connected');
    expect(probe.revisionsOnlyWentUp).toBe(true);
  }, 30_000);
});
