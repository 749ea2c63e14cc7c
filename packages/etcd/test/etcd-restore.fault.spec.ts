import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdConfigSource } from '@config-center/etcd';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';
import { AppliedStateProbe } from './support/applied-state-probe';

const RETRY = { initialDelayMs: 50, maxDelayMs: 300 };

/**
 * What operators do to a cluster under a running source: wipe it, restore an older backup, or swap
 * it for another cluster behind the same address. Each time the applied state must converge on the
 * etcd that answers now, with the cursor reset to it, and the log and errors$ must say why.
 */
describe('EtcdConfigSource when etcd is restored or replaced', () => {
  let dir: string;
  const clusters: EtcdCluster[] = [];
  const probes: AppliedStateProbe[] = [];
  const clients: Etcd3[] = [];

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'config-center-restore-'))));
  afterEach(async () => {
    await Promise.all(probes.splice(0).map((probe) => probe.close()));
    clients.splice(0).forEach((client) => client.close());
    await Promise.all(clusters.splice(0).map((cluster) => cluster.stop()));
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function cluster(): Promise<EtcdCluster> {
    const started = await EtcdCluster.start();
    clusters.push(started);
    return started;
  }

  function client(of: EtcdCluster): Etcd3 {
    const created = of.client();
    clients.push(created);
    return created;
  }

  async function probe(hosts: string[], prefix: string): Promise<AppliedStateProbe> {
    const started = await AppliedStateProbe.start(new EtcdConfigSource({ hosts, prefix, reconcileIntervalMs: 0, retry: RETRY }), RETRY);
    probes.push(started);
    return started;
  }

  const restoredMessage = (probe: AppliedStateProbe) => probe.errors.find((message) => /restored or replaced/.test(message));

  it('follows an etcd restarted on a wiped data dir, whose revisions start again below the cursor', async () => {
    const etcd = await cluster();
    const prefix = '/restore/wiped/';
    for (let i = 0; i < 8; i++) await client(etcd).put(`${prefix}old`).value(String(i));
    await client(etcd).put(`${prefix}gone`).value('x');
    const watched = await probe(etcd.endpoints, prefix);
    expect(watched.tree).toEqual({ old: '7', gone: 'x' });

    await etcd.members[0].wipe();
    await etcd.members[0].start();
    const fresh = client(etcd);
    await fresh.put(`${prefix}old`).value('new');
    const state = await watched.convergedOn(fresh, prefix);
    expect(watched.tree).toEqual({ old: 'new' });
    expect(state.revision).toBeLessThan(8);
    expect(restoredMessage(watched)).toMatch(/below the applied revision/);

    await fresh.put(`${prefix}after`).value('1');
    await watched.convergedOn(fresh, prefix);
    expect(watched.tree).toEqual({ old: 'new', after: '1' });
  }, 60_000);

  it('follows a restore of an older snapshot (etcdctl snapshot restore), and the writes after it', async () => {
    const etcd = await cluster();
    const prefix = '/restore/snapshot/';
    await client(etcd).put(`${prefix}limit`).value('5');
    const backup = join(dir, 'backup.db');
    await etcd.members[0].saveSnapshot(backup);
    await client(etcd).put(`${prefix}limit`).value('6');
    await client(etcd).put(`${prefix}added`).value('later');
    const watched = await probe(etcd.endpoints, prefix);
    expect(watched.tree).toEqual({ limit: '6', added: 'later' });

    await etcd.members[0].restoreSnapshot(backup);
    await etcd.members[0].start();
    const restored = client(etcd);
    // A restored member can take long to answer on a loaded machine (the whole suite in band).
    await waitFor(() => (watched.tree as { limit?: string }).limit === '5', 'the restored value', 60_000, 20);
    expect(watched.tree).toEqual({ limit: '5' });
    expect(restoredMessage(watched)).toBeDefined();

    await restored.put(`${prefix}limit`).value('9');
    await watched.convergedOn(restored, prefix);
    expect(watched.tree).toEqual({ limit: '9' });
  }, 120_000);

  it('follows a proxy switched to another cluster, told apart by its cluster id though its revisions are higher', async () => {
    const [first, second] = [await cluster(), await cluster()];
    const prefix = '/restore/switched/';
    await client(first).put(`${prefix}where`).value('first');
    for (let i = 0; i < 20; i++) await client(second).put(`${prefix}where`).value(`second-${i}`);
    const proxy = await TcpCutProxy.start(first.endpoints[0]);
    try {
      const watched = await probe([proxy.endpoint], prefix);
      expect(watched.tree).toEqual({ where: 'first' });
      proxy.retarget(second.endpoints[0]);
      await watched.convergedOn(client(second), prefix);
      expect(watched.tree).toEqual({ where: 'second-19' });
      expect(restoredMessage(watched)).toMatch(/cluster id/);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
