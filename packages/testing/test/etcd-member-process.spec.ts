import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../src/harness';
import { etcdMemberGet } from '../src/harness/etcd/etcd-member-http';
import { EtcdMemberProcess } from '../src/harness/etcd/etcd-member-process';

/** A real `etcd` process and its HTTP endpoints: what an `EtcdMember` starts, probes, pauses and stops. */
describe('EtcdMemberProcess and etcdMemberGet', () => {
  let dir: string;
  let etcd: EtcdMemberProcess | undefined;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'config-center-member-process-'))));
  afterEach(async () => {
    etcd?.resume();
    await etcd?.kill9();
    etcd = undefined;
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('keeps what etcd wrote to stderr when it exits', async () => {
    etcd = new EtcdMemberProcess(['--no-such-flag']);
    await etcd.exited;
    expect(etcd.running).toBe(false);
    expect(etcd.output).toMatch(/no-such-flag/);
  });

  it('serves /health until paused, again once resumed, and stops', async () => {
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const clientUrl = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    etcd = new EtcdMemberProcess([
      ...['--name', 'p0', '--data-dir', join(dir, 'p0'), '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl],
      ...['--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `p0=${peerUrl}`],
    ]);
    const healthy = async () => (await etcdMemberGet(clientUrl, '/health', undefined).catch(() => undefined))?.body.includes('true');
    await waitFor(healthy, 'etcd to serve /health', 20_000, 50);
    expect(etcd.running).toBe(true);
    const metrics = await etcdMemberGet(clientUrl, '/metrics', undefined);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^etcd_server_has_leader 1$/m);

    etcd.pause();
    await expect(etcdMemberGet(clientUrl, '/health', undefined)).rejects.toThrow('GET /health timed out');
    expect(etcd.running).toBe(true);
    etcd.resume();
    await waitFor(healthy, 'etcd to serve /health again', 20_000, 50);

    await etcd.stop();
    expect(etcd.running).toBe(false);
    await expect(etcdMemberGet(clientUrl, '/health', undefined)).rejects.toThrow();
  }, 60_000);
});
