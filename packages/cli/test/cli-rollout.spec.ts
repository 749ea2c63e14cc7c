import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, waitFor } from '@config-center/testing/harness';
import { CLI_BIN, runCli, SECTIONS } from './support/run-cli';
import { RolloutAppProcess } from './support/rollout-app-process';

/** A lease TTL short enough to see a killed instance go within a test. */
const TTL_SECONDS = 3;

interface RolloutJson {
  readonly version: number;
  readonly instances: {
    instanceId: string;
    labels: Record<string, string>;
    version?: number;
    state: string;
    why: string[];
    hash?: string;
  }[];
  readonly totals: { instances: number; applied: number; rejected: number; reasons: string[] };
}

/**
 * `config-center rollout` and `publish --wait`: a real etcd, app processes with instance reports
 * on (the built packages), the built CLI as a process.
 */
describe('config-center rollout and publish --wait, with app processes on a real etcd', () => {
  let cluster: EtcdCluster;
  let dir: string;
  const apps: RolloutAppProcess[] = [];

  const cli = (prefix: string, args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });
  const rolloutJson = async (prefix: string, args: string[] = []): Promise<RolloutJson> => {
    const run = await cli(prefix, ['rollout', ...args, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout) as RolloutJson;
  };
  const startApps = async (prefix: string, specs: { id: string; zone: string; extra?: boolean; ttl?: number }[]) => {
    const started = specs.map(
      ({ id, zone, extra, ttl }) =>
        new RolloutAppProcess({
          hosts: cluster.endpoints,
          prefix,
          instanceId: id,
          zone,
          ttlSeconds: ttl ?? TTL_SECONDS,
          extraSection: extra,
        }),
    );
    apps.push(...started);
    await Promise.all(started.map((app) => app.ready()));
    await waitFor(async () => (await rolloutJson(prefix)).totals.instances === specs.length, 'every instance to report', 20_000, 100);
    return started;
  };
  const file = (name: string, text: string) => writeFileSync(join(dir, name), text);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-rollout-'));
    cluster = await EtcdCluster.start();
    file('good-1.yaml', 'rateLimit:\n  limit: 5\ncache:\n  size: 10\n');
    file('good-2.yaml', 'rateLimit:\n  limit: 6\ncache:\n  size: 20\n');
    file('bad-cache.yaml', 'rateLimit:\n  limit: 7\ncache:\n  size: -7331\n');
  }, 60_000);
  afterEach(() => apps.splice(0).forEach((app) => app.kill()));
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('shows each instance on the version it applied, and one that rejected it with path and constraint, never the value', async () => {
    const prefix = '/cli-rollout/orders/';
    await startApps(prefix, [
      { id: 'orders-a-1', zone: 'a' },
      { id: 'orders-b-1', zone: 'b' },
      { id: 'orders-c-1', zone: 'c', extra: true },
    ]);

    const first = await cli(prefix, ['publish', 'good-1.yaml', '-m', 'first', '--wait', '--timeout', '30']);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^rollout: 3\/3 applied v1 \(100% wanted, [\d.]+ s\)$/m) });
    const table = (await cli(prefix, ['rollout'])).stdout.trimEnd().split('\n');
    expect(table).toEqual([
      expect.stringMatching(/^INSTANCE +LABELS +VERSION +STATE +WHY$/),
      expect.stringMatching(/^orders-a-1 +zone=a +v1 +applied$/),
      expect.stringMatching(/^orders-b-1 +zone=b +v1 +applied$/),
      expect.stringMatching(/^orders-c-1 +zone=c +v1 +applied$/),
      '3/3 applied v1',
    ]);

    // The cache section only orders-c-1 has: the CLI's sections do not check it, that instance does.
    const bad = await cli(prefix, ['publish', 'bad-cache.yaml', '-m', 'shrink the cache', '--wait', '--timeout', '30']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('published version 2');
    expect(bad.stdout).toContain('rollout: version 2 was rejected by 1 instance(s)');
    expect(bad.stdout).toContain('  orders-c-1: cache.size: must not be less than 1');
    expect(bad.stdout + bad.stderr).not.toContain('7331');

    const view = await rolloutJson(prefix);
    expect(view.instances.map(({ instanceId, version, state, why }) => ({ instanceId, version, state, why }))).toEqual([
      { instanceId: 'orders-a-1', version: 2, state: 'applied', why: [] },
      { instanceId: 'orders-b-1', version: 2, state: 'applied', why: [] },
      { instanceId: 'orders-c-1', version: 1, state: 'rejected', why: ['cache.size: must not be less than 1'] },
    ]);
    const text = await cli(prefix, ['rollout']);
    expect(text.stdout).toMatch(/^orders-c-1 +zone=c +v1 +rejected +cache\.size: must not be less than 1$/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('2/3 applied v2, 1 rejected (cache.size: must not be less than 1)');
    expect(text.stdout).not.toContain('7331');
    // Against version 1, the rejecter still runs it whole (the quarantine came later); the others are ahead.
    expect((await cli(prefix, ['rollout', '1'])).stdout.trimEnd().split('\n').at(-1)).toBe('1/3 applied v1, 2 on v2');

    // A write outside the CLI: the instances that apply it run "v2 + outside changes"; the rejecter stays quarantined.
    const etcd = cluster.client();
    try {
      await etcd.put(`${prefix}greeting/message`).value('hello');
    } finally {
      etcd.close();
    }
    await waitFor(
      async () => (await cli(prefix, ['rollout'])).stdout.includes('outside changes'),
      'the outside write to show',
      20_000,
      100,
    );
    await waitFor(
      async () => (await cli(prefix, ['rollout'])).stdout.split('outside changes').length === 4,
      'every instance to apply the outside write',
      20_000,
      100,
    );
    const outside = (await cli(prefix, ['rollout'])).stdout.trimEnd().split('\n');
    expect(outside.slice(1)).toEqual([
      expect.stringMatching(/^orders-a-1 +zone=a +v2 \+ outside changes +applied$/),
      expect.stringMatching(/^orders-b-1 +zone=b +v2 \+ outside changes +applied$/),
      expect.stringMatching(/^orders-c-1 +zone=c +v2 \+ outside changes +rejected +cache\.size: must not be less than 1$/),
      '2/3 applied v2, 1 rejected (cache.size: must not be less than 1)',
    ]);
  }, 180_000);

  it('--rollback-on-reject publishes the version before again and every instance returns to its content hash', async () => {
    const prefix = '/cli-rollout/payments/';
    await startApps(prefix, [
      { id: 'payments-x-1', zone: 'x' },
      { id: 'payments-y-1', zone: 'y', extra: true },
    ]);
    expect((await cli(prefix, ['publish', 'good-1.yaml', '-m', 'first', '--wait'])).code).toBe(0);
    const before = new Map((await rolloutJson(prefix)).instances.map(({ instanceId, hash }) => [instanceId, hash]));
    expect(new Set(before.values()).size).toBe(1);
    expect([...before.values()][0]).toEqual(expect.any(String));

    const bad = await cli(prefix, ['publish', 'bad-cache.yaml', '-m', 'shrink', '--wait', '--timeout', '30', '--rollback-on-reject']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('  payments-y-1: cache.size: must not be less than 1');
    expect(bad.stdout).toMatch(/^rolled back: published version 3 with the content of version 1, #[0-9a-f]{8}$/m);
    const history = JSON.parse((await cli(prefix, ['history', '--json'])).stdout) as { version: number; hash: string; message: string }[];
    expect(history.map(({ version, message }) => ({ version, message }))).toEqual([
      { version: 1, message: 'first' },
      { version: 2, message: 'shrink' },
      { version: 3, message: 'roll back version 2, rejected by payments-y-1' },
    ]);
    expect(history[2].hash).toBe(history[0].hash);

    await waitFor(async () => (await rolloutJson(prefix)).totals.applied === 2, 'both instances to apply version 3', 20_000, 100);
    const after = await rolloutJson(prefix);
    expect(after.instances.map(({ instanceId, version, hash }) => [instanceId, version, hash])).toEqual([
      ['payments-x-1', 3, before.get('payments-x-1')],
      ['payments-y-1', 3, before.get('payments-y-1')],
    ]);

    // rollback and import wait the same way.
    const rollback = await cli(prefix, ['rollback', '1', '-m', 'again', '--wait', '--timeout', '30']);
    expect(rollback).toMatchObject({ code: 0, stdout: expect.stringMatching(/^rollout: 2\/2 applied v4 \(100% wanted, [\d.]+ s\)$/m) });
    const imported = await cli(prefix, ['import', 'good-2.yaml', '-m', 'import', '--wait', '--timeout', '30', '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ version: 5, wait: { rollout: { outcome: 'applied', totals: '2/2 applied v5' } } });
  }, 180_000);

  it('--rollback-on-reject leaves alone a version another operator published after the rejected one', async () => {
    const prefix = '/cli-rollout/refunds/';
    const [, late] = await startApps(prefix, [
      { id: 'refunds-x-1', zone: 'x' },
      { id: 'refunds-y-1', zone: 'y', extra: true, ttl: 60 },
    ]);
    expect((await cli(prefix, ['publish', 'good-1.yaml', '-m', 'first', '--wait'])).code).toBe(0);
    await late.signal('SIGSTOP'); // it will reject version 2 only once version 3 is out
    const rejected = cli(prefix, ['publish', 'bad-cache.yaml', '-m', 'shrink', '--wait', '--timeout', '60', '--rollback-on-reject']);
    const etcd = cluster.client();
    await waitFor(
      async () => (await etcd.get('/config-center/control/cli-rollout/refunds/version').string()) === '2',
      'version 2',
      20_000,
      50,
    );
    file('other.yaml', 'rateLimit:\n  limit: 8\n');
    expect(await cli(prefix, ['publish', 'other.yaml', '-m', 'meanwhile'])).toMatchObject({ code: 0 });
    await late.signal('SIGCONT');

    const run = await rejected;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  refunds-y-1: cache.size: must not be less than 1');
    expect(run.stdout).toMatch(/^not rolled back: version 3 was published after version 2/m);
    const history = JSON.parse((await cli(prefix, ['history', '--json'])).stdout) as { version: number; message: string }[];
    expect(history.map(({ message }) => message)).toEqual(['first', 'shrink', 'meanwhile']);
    expect(await etcd.get(`${prefix}rateLimit/limit`).string()).toBe('8');
  }, 180_000);

  it('--wait --timeout names the instances still on an older version when time runs out', async () => {
    const prefix = '/cli-rollout/stock/';
    const [, frozen] = await startApps(prefix, [
      { id: 'stock-1', zone: 'a' },
      { id: 'stock-2', zone: 'b', ttl: 60 },
    ]);
    expect((await cli(prefix, ['publish', 'good-1.yaml', '-m', 'first', '--wait'])).code).toBe(0);
    await frozen.signal('SIGSTOP'); // its record stays (a long lease), its config stays on version 1
    const started = Date.now();
    const late = await cli(prefix, ['publish', 'good-2.yaml', '-m', 'second', '--wait', '--timeout', '2']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('published version 2');
    expect(late.stdout).toMatch(/^rollout: timed out after [\d.]+ s before 100% applied version 2: 1\/2 applied v2, 1 on v1$/m);
    expect(late.stdout).toContain('  still on another version: stock-2 (v1)');

    // Half of them is enough for --wait 50.
    const half = await cli(prefix, ['publish', 'good-1.yaml', '-m', 'third', '--wait', '50', '--timeout', '20']);
    expect(half).toMatchObject({ code: 0, stdout: expect.stringContaining('rollout: 1/2 applied v3, 1 on v1 (50% wanted') });

    await frozen.signal('SIGCONT');
    await waitFor(async () => (await rolloutJson(prefix)).totals.applied === 2, 'the resumed instance to catch up', 20_000, 100);
  }, 180_000);

  it('rollout --watch redraws as records change: a kill -9ed instance is gone when its lease expires; Ctrl-C ends it', async () => {
    const prefix = '/cli-rollout/kill/';
    const [victim] = await startApps(prefix, [
      { id: 'kill-1', zone: 'a' },
      { id: 'kill-2', zone: 'b' },
    ]);
    expect((await cli(prefix, ['publish', 'good-1.yaml', '-m', 'first', '--wait'])).code).toBe(0);
    const args = ['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, 'rollout', '--watch'];
    const watch = spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let exitCode: number | null | undefined;
    watch.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    watch.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    watch.on('exit', (code) => (exitCode = code));
    try {
      await waitFor(() => output.includes('2/2 applied v1'), 'the first drawing', 20_000);

      await victim.signal('SIGKILL');
      await waitFor(() => output.includes('1/1 applied v1'), 'a drawing without the killed instance', 15_000, 50);
      const drawings = output.split(/^(?=rollout at )/m);
      const gone = drawings.find((drawing) => drawing.includes('1/1 applied v1'))!;
      expect(gone).not.toContain('kill-1');
      expect(gone).toMatch(/^kill-2 +zone=b +v1 +applied$/m);

      watch.kill('SIGINT');
      await waitFor(() => exitCode !== undefined, 'the watch to end on Ctrl-C', 10_000);
      expect(exitCode).toBe(0);
    } finally {
      if (exitCode === undefined) watch.kill('SIGKILL');
    }
  }, 180_000);

  it('on Consul, rollout and --wait are usage errors saying instance reports need etcd', async () => {
    const consul = ['--sections', SECTIONS, '--consul', 'http://127.0.0.1:1', '--prefix', '/cli-rollout/consul/'];
    const rollout = await runCli([...consul, 'rollout'], { cwd: dir });
    expect(rollout).toMatchObject({ code: 2, stderr: expect.stringContaining('rollout needs etcd: instance reports are written') });
    const publish = await runCli([...consul, 'publish', 'good-1.yaml', '-m', 'x', '--wait'], { cwd: dir });
    expect(publish).toMatchObject({ code: 2, stderr: expect.stringContaining('publish --wait needs etcd') });
    const loose = await runCli([...consul, 'publish', 'good-1.yaml', '-m', 'x', '--timeout', '3'], { cwd: dir });
    expect(loose).toMatchObject({ code: 2, stderr: expect.stringContaining('--timeout and --rollback-on-reject go with --wait') });
  }, 60_000);
});
