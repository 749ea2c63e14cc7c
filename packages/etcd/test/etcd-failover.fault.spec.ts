import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';
import { EtcdWriter } from './support/etcd-writer';

/** Fault 3: the leader of a 3-member cluster is killed while updates stream in. */
describe('EtcdConfigSource on a 3-member cluster whose leader is killed mid-stream', () => {
  let cluster: EtcdCluster | undefined;
  let probe: AppliedStateProbe | undefined;

  afterEach(async () => {
    await probe?.close();
    await cluster?.stop();
  }, 30_000);

  it('keeps applying updates after the failover and ends equal to etcd', async () => {
    cluster = await EtcdCluster.start({ members: 3 });
    const prefix = '/fault/failover/';
    const etcd = cluster.client();
    const hosts = cluster.endpoints;
    const source = new EtcdConfigSource({ hosts, prefix, reconcileIntervalMs: 0, retry: { initialDelayMs: 50, maxDelayMs: 500 } });
    probe = await AppliedStateProbe.start(source);
    // The member the source watches through becomes the leader, so the kill breaks both.
    const watchedMembers = async () => {
      const members = (await cluster?.membersWatched()) ?? [];
      return members.length ? members : undefined;
    };
    const [watched] = await waitFor(watchedMembers, 'the watch to be registered', 10_000, 20);
    await cluster.moveLeader(watched);
    const leader = await cluster.leader();
    expect(leader).toBe(watched);
    const writer = new EtcdWriter(etcd, prefix, { total: 1000, keys: 40, concurrency: 4 });
    const writing = writer.run();

    await waitFor(() => writer.written >= 300, '300 acknowledged writes', 30_000);
    await leader.kill9();
    const revisionAtKill = Number(probe.status.revision);
    await writing;

    const final = await probe.convergedOn(etcd, prefix, 30_000);
    expect(final.revision).toBe(writer.lastRevision);
    expect(revisionAtKill).toBeLessThan(writer.lastRevision);
    // It kept streaming after the failover rather than catching up once at the end. Revisions that
    // arrive together are one swap, so there are fewer swaps than the ~700 writes after the kill.
    expect(probe.appliedRevisions.filter((revision) => revision > revisionAtKill).length).toBeGreaterThan(20);
    expect((await cluster.leader()).name).not.toBe(leader.name);
    expect(probe.revisionsOnlyWentUp).toBe(true);
    expect(probe.states).toEqual(['connected', 'reconnecting', 'connected']);
    expect(await cluster.membersWatched()).toHaveLength(1);
  }, 90_000);
});
