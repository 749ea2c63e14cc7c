import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';
import { FleetInstance } from './support/canary-fleet';
import { runCli, SECTIONS } from './support/run-cli';

const HOOK_TIMEOUT_MS = 90_000;

/** The instances a percent canary selects, computed here from the documented rule as an independent oracle. */
const selectedByPercent = (releaseId: string, ids: readonly string[], percent: number) =>
  ids.filter((id) => createHash('sha256').update(`${releaseId}:${id}`).digest().readUInt32BE(0) / 2 ** 32 < percent / 100);

/** `config-center canary` on etcd, the built bin as a process, with a fleet of reporting instances (Nest apps). */
describe('config-center canary', () => {
  const prefix = '/cli-canary/orders/';
  const control = '/config-center/control/cli-canary/orders/';
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  let dir: string;
  const fleet: FleetInstance[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ci-bot', ...args], {
      cwd: dir,
    });
  const status = async () => {
    const run = await cli(['canary', 'status', '--json']);
    if (run.code !== 0 && run.code !== 1) throw new Error(`canary status failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as {
      releaseId: string;
      totals: Record<string, number>;
      instances: { instanceId: string; member: boolean; state: string; issues?: { path: string; constraint: string }[] }[];
    };
  };
  const stateOf = (report: Awaited<ReturnType<typeof status>>) => Object.fromEntries(report.instances.map((i) => [i.instanceId, i.state]));
  /** Every instance on one content hash, with the values expected. */
  const converged = (expected: { limit: number; message: string }) =>
    waitFor(
      () =>
        fleet.every((instance) => instance.served.limit === expected.limit && instance.served.message === expected.message) &&
        new Set(fleet.map((instance) => instance.hash)).size === 1,
      `every instance on limit ${expected.limit}, message ${expected.message}, one hash`,
      20_000,
      20,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-canary-'));
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
    const v1 = await cli(['publish', write('v1.yaml', 'rateLimit:\n  limit: 5\ngreeting:\n  message: hi\n'), '-m', 'first']);
    expect(v1).toMatchObject({ code: 0 });
    const zones = ['a', 'a', 'b', 'b', 'c', 'c'];
    for (const [index, zone] of zones.entries())
      fleet.push(await FleetInstance.start(cluster.endpoints, prefix, `orders-${index}`, { zone }));
    await waitFor(async () => (await etcd.getAll().prefix(`${control}instances/`).keys()).length === fleet.length, 'every record', 20_000);
    await converged({ limit: 5, message: 'hi' });
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    for (const instance of fleet.splice(0)) await instance.close();
    etcd?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  it('applies a labels canary on exactly the matching instances, refuses a publish meanwhile, and promotes with no intermediate content', async () => {
    const started = await cli([
      'canary',
      'start',
      write('limit-8.yaml', 'rateLimit:\n  limit: 8\n'),
      '-m',
      'limit 8',
      '--labels',
      'zone=a',
    ]);
    expect(started).toMatchObject({ code: 0, stdout: expect.stringMatching(/started canary canary-[0-9a-f]+ .* labels zone=a \(1 key/) });
    const inZoneA = fleet.filter((instance) => instance.labels.zone === 'a');
    const others = fleet.filter((instance) => instance.labels.zone !== 'a');
    await waitFor(() => inZoneA.every((instance) => instance.served.limit === 8), 'zone a on the canary', 20_000, 20);
    const report = await waitFor(
      async () => {
        const current = await status();
        return current.totals.applied === 2 ? current : undefined;
      },
      'status: 2 applied',
      20_000,
      50,
    );
    expect(report.totals).toEqual({ instances: 6, members: 2, applied: 2, rejected: 0, pending: 0 });
    expect(stateOf(report)).toEqual({
      'orders-0': 'applied',
      'orders-1': 'applied',
      'orders-2': 'out',
      'orders-3': 'out',
      'orders-4': 'out',
      'orders-5': 'out',
    });
    for (const instance of others) expect(instance.served.limit).toBe(5);
    for (const instance of others) expect(instance.swaps.some((swap) => swap.includes('"limit":8'))).toBe(false);

    const refused = await cli(['publish', write('limit-6.yaml', 'rateLimit:\n  limit: 6\n'), '-m', 'during the canary']);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining(`canary release '${report.releaseId}' running`) });
    expect(refused.stderr).toContain('--force');
    expect(await etcd.get(`${prefix}rateLimit/limit`).string()).toBe('5');

    const swapsBefore = fleet.map((instance) => instance.swaps.length);
    const promoted = await cli(['canary', 'promote']);
    expect(promoted).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 2') });
    await converged({ limit: 8, message: 'hi' });
    expect(await etcd.get(`${control}canary/release`).string()).toBeNull();
    const history = JSON.parse((await etcd.get(`${control}history/0000000002`).string())!);
    expect(history).toMatchObject({ message: `promote ${report.releaseId}: limit 8`, content: { 'rateLimit/limit': '8' } });
    // Every swap after the promote served the promoted content: never the old main config in between.
    for (const [index, instance] of fleet.entries()) {
      const after = instance.swaps.slice(swapsBefore[index]).map((swap) => JSON.parse(swap).rateLimit.limit);
      expect(after.every((limit) => String(limit) === '8')).toBe(true);
    }
    expect(await cli(['canary', 'status'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no canary release runs') });
  }, 120_000);

  it('selects a stable percentage, widens it keeping every instance in, and aborts back to one content hash', async () => {
    const ids = fleet.map((instance) => instance.instanceId);
    const started = await cli([
      'canary',
      'start',
      write('limit-9.yaml', 'rateLimit:\n  limit: 9\n'),
      '-m',
      'limit 9',
      '--percent',
      '30',
      '--json',
    ]);
    expect(started.code).toBe(0);
    const { releaseId } = JSON.parse(started.stdout) as { releaseId: string };
    const narrow = selectedByPercent(releaseId, ids, 30);
    const narrowStatus = await status();
    expect(narrowStatus.instances.filter((i) => i.member).map((i) => i.instanceId)).toEqual(narrow);

    expect(await cli(['canary', 'widen', '--percent', '70'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('from 30 % to 70 %'),
    });
    const wide = selectedByPercent(releaseId, ids, 70);
    expect(wide).toEqual(expect.arrayContaining(narrow));
    await waitFor(
      () => fleet.every((instance) => instance.served.limit === (wide.includes(instance.instanceId) ? 9 : 8)),
      'the widened canary served by exactly its instances',
      20_000,
      20,
    );
    const wideStatus = await waitFor(
      async () => {
        const current = await status();
        return current.totals.applied === wide.length ? current : undefined;
      },
      'status: every member applied',
      20_000,
      50,
    );
    expect(wideStatus.releaseId).toBe(releaseId);
    expect(wideStatus.instances.filter((i) => i.member).map((i) => i.instanceId)).toEqual(wide);
    for (const instance of fleet.filter((i) => !wide.includes(i.instanceId))) {
      expect(instance.swaps.some((swap) => swap.includes('"limit":9'))).toBe(false);
    }

    const swapsBefore = fleet.map((instance) => instance.swaps.length);
    expect(await cli(['canary', 'abort'])).toMatchObject({ code: 0, stdout: expect.stringContaining(`aborted canary ${releaseId}`) });
    await converged({ limit: 8, message: 'hi' });
    for (const [index, instance] of fleet.entries()) {
      const after = instance.swaps.slice(swapsBefore[index]);
      // One batch back to the main config for a member, nothing at all for the others.
      expect(after).toHaveLength(wide.includes(instance.instanceId) ? 1 : 0);
    }
    expect(await etcd.get(`${prefix}rateLimit/limit`).string()).toBe('8');
  }, 120_000);

  it('shows a canary value that fails validation as rejected by the canary instances only; a forced publish still lands', async () => {
    const started = await cli([
      'canary',
      'start',
      write('greeting.yaml', 'greeting:\n  message: hello-canary\n'),
      '-m',
      'longer',
      '--labels',
      'zone=b',
    ]);
    expect(started.code).toBe(0);
    const report = await waitFor(
      async () => {
        const current = await status();
        return current.totals.rejected === 2 ? current : undefined;
      },
      'status: 2 rejected',
      20_000,
      50,
    );
    expect(stateOf(report)).toEqual({
      'orders-0': 'out',
      'orders-1': 'out',
      'orders-2': 'rejected',
      'orders-3': 'rejected',
      'orders-4': 'out',
      'orders-5': 'out',
    });
    const rejected = report.instances.find((instance) => instance.state === 'rejected')!;
    expect(rejected.issues).toEqual([{ path: 'greeting.message', constraint: expect.stringContaining('10') }]);
    expect(JSON.stringify(report)).not.toContain('hello-canary');
    const text = await cli(['canary', 'status']);
    expect(text).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('2 of 6 instances in: 0 applied, 2 rejected (greeting.message:'),
    });
    for (const instance of fleet) expect(instance.served.message).toBe('hi');
    const zoneB = fleet.filter((instance) => instance.labels.zone === 'b');
    for (const instance of zoneB) expect(instance.service.status().quarantined.map(({ section }) => section)).toEqual(['greeting']);
    for (const instance of fleet.filter((i) => i.labels.zone !== 'b')) expect(instance.service.status().quarantined).toEqual([]);

    const forced = await cli(['publish', write('limit-11.yaml', 'rateLimit:\n  limit: 11\n'), '-m', 'forced', '--force']);
    expect(forced).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 3') });
    await waitFor(() => fleet.every((instance) => instance.served.limit === 11), 'the forced publish on every instance', 20_000, 20);

    expect(await cli(['canary', 'abort'])).toMatchObject({ code: 0 });
    // The rejected canary was never served: the members' hash already matched; the abort releases their quarantine.
    await waitFor(() => fleet.every((instance) => !instance.service.status().quarantined.length), 'the quarantine released', 20_000, 20);
    await converged({ limit: 11, message: 'hi' });
  }, 120_000);

  it('refuses a second canary while one runs, and canaries on Consul', async () => {
    const first = await cli(['canary', 'start', write('limit-12.yaml', 'rateLimit:\n  limit: 12\n'), '-m', 'one', '--percent', '10']);
    expect(first.code).toBe(0);
    const second = await cli(['canary', 'start', 'limit-12.yaml', '-m', 'two', '--labels', 'zone=a']);
    expect(second).toMatchObject({ code: 1, stderr: expect.stringContaining('has a canary release') });
    expect(await cli(['canary', 'abort'])).toMatchObject({ code: 0 });
    const consul = await runCli(['--consul', 'http://127.0.0.1:1', '--prefix', prefix, 'canary', 'status'], { cwd: dir });
    expect(consul).toMatchObject({ code: 2, stderr: expect.stringContaining('canary status needs etcd') });
  }, 60_000);
});
