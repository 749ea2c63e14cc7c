import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';
import { EtcdWriter } from './support/etcd-writer';

/** Fault 1: etcd is killed with SIGKILL and restarted on its data dir while 2,000 writes stream in. */
describe('EtcdConfigSource when etcd is killed and restarted mid-stream', () => {
  let cluster: EtcdCluster | undefined;
  let probe: AppliedStateProbe | undefined;

  afterEach(async () => {
    await probe?.close();
    await cluster?.stop();
  }, 30_000);

  it('applies every write: the applied state equals etcd final state, revisions only go up', async () => {
    cluster = await EtcdCluster.start();
    const prefix = '/fault/restart/';
    const etcd = cluster.client();
    const source = new EtcdConfigSource({
      hosts: cluster.endpoints,
      prefix,
      reconcileIntervalMs: 0,
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
    });
    probe = await AppliedStateProbe.start(source);
    const writer = new EtcdWriter(etcd, prefix, { total: 2000, keys: 50, concurrency: 4 });
    const writing = writer.run();

    const [member] = cluster.members;
    await waitFor(() => writer.written >= 600, '600 acknowledged writes', 30_000);
    await member.kill9();
    const killedAt = writer.written;
    const revisionAtKill = Number(probe.status.revision);
    await waitFor(() => probe?.status.state === 'reconnecting' && writer.failures > 0, 'the outage to be noticed', 10_000);
    await member.start();
    await writing;

    expect(killedAt).toBeLessThan(2000);
    const final = await probe.convergedOn(etcd, prefix);
    expect(final.keys).toBe(50);
    expect(Number(probe.status.revision)).toBe(writer.lastRevision);
    expect(probe.status.state).toBe('connected');
    expect(probe.revisionsOnlyWentUp).toBe(true);
    // It kept streaming after the restart rather than catching up once at the end (revisions that
    // arrive together are one swap, so there may be fewer swaps than writes).
    expect(probe.appliedRevisions.filter((revision) => revision > revisionAtKill).length).toBeGreaterThan(20);
    expect(probe.states).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
  }, 90_000);
});
