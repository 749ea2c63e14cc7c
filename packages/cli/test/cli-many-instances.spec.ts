import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { Etcd3, Lease } from 'etcd3';
import { realisticReport, rewriteRecords, writeRecordedFleet } from './support/recorded-fleet';
import { runCli, SECTIONS } from './support/run-cli';

const HOOK_TIMEOUT_MS = 90_000;
/** Past gRPC's 4 MiB message: ~3,300 realistic records fit in one. */
const INSTANCES = 5000;

/**
 * `rollout`, `publish --wait` and `canary status` read every instance record under the control
 * prefix: with 5,000 realistic records (~6 MiB) in a real etcd, each read must come in pages (a
 * single range answer is refused by gRPC with RESOURCE_EXHAUSTED). The built CLI runs as a process.
 */
describe('config-center with 5,000 instance records on a real etcd', () => {
  const prefix = '/cli-many/orders/';
  const control = '/config-center/control/cli-many/orders/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let lease: Lease;
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });
  const committedAt = async (version: number) => {
    const { kvs } = await etcd.get(`${control}history/${String(version).padStart(10, '0')}`).exec();
    return kvs[0]?.mod_revision;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-many-'));
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    expect(await cli(['publish', write('v1.yaml', 'rateLimit:\n  limit: 5\n'), '-m', 'first'])).toMatchObject({ code: 0 });
    lease = await writeRecordedFleet(etcd, prefix, INSTANCES, (await committedAt(1))!);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await lease?.revoke();
    etcd?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('writes records the size of real ones, together past gRPC’s 4 MiB message', async () => {
    const size = Buffer.byteLength(JSON.stringify(realisticReport(prefix, 4999, '12345')));
    expect(size).toBeGreaterThan(1100);
    expect(size * INSTANCES).toBeGreaterThan(4 * 1024 * 1024);
    expect(await etcd.getAll().prefix(`${control}instances/`).count()).toBe(INSTANCES);
  });

  it('rollout totals every instance', async () => {
    const run = await cli(['rollout', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const view = JSON.parse(run.stdout) as { instances: unknown[]; totals: { instances: number; applied: number; rejected: number } };
    expect(view.totals).toMatchObject({ instances: INSTANCES, applied: INSTANCES, rejected: 0 });
    expect(view.instances).toHaveLength(INSTANCES);
    expect((await cli(['rollout'])).stdout.trimEnd().split('\n').at(-1)).toBe(`${INSTANCES}/${INSTANCES} applied v1`);
  }, 60_000);

  it('publish --wait 1 follows the records until 1% of them applied the version', async () => {
    const publish = cli(['publish', write('v2.yaml', 'rateLimit:\n  limit: 6\n'), '-m', 'second', '--wait', '1', '--timeout', '10']);
    await waitFor(async () => (await committedAt(2)) !== undefined, 'version 2 to be committed', 20_000, 20);
    await rewriteRecords(
      lease,
      prefix,
      Array.from({ length: 100 }, (_, index) => index),
      (await committedAt(2))!,
    );
    const run = await publish;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('published version 2');
    expect(run.stdout).toMatch(new RegExp(`^rollout: (\\d+)/${INSTANCES} applied v2, \\d+ on v1 \\(1% wanted, [\\d.]+ s\\)$`, 'm'));
    const applied = Number(/^rollout: (\d+)\//m.exec(run.stdout)![1]);
    expect(applied).toBeGreaterThanOrEqual(INSTANCES / 100);
    expect(applied).toBeLessThanOrEqual(100);
  }, 60_000);

  it('canary status totals every instance, in and out of the release', async () => {
    const started = await cli([
      'canary',
      'start',
      write('limit-8.yaml', 'rateLimit:\n  limit: 8\n'),
      '-m',
      'limit 8',
      '--labels',
      'zone=a',
    ]);
    expect(started).toMatchObject({ code: 0 });
    const run = await cli(['canary', 'status', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const status = JSON.parse(run.stdout) as { instances: unknown[]; totals: Record<string, number> };
    // Every 4th instance is in zone a; none reports the release yet.
    expect(status.totals).toEqual({ instances: INSTANCES, members: INSTANCES / 4, pending: INSTANCES / 4, applied: 0, rejected: 0 });
    expect(status.instances).toHaveLength(INSTANCES);
  }, 60_000);
});
