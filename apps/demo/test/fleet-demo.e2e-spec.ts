import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { controlPrefixFor, instanceReportsPrefix, readInstanceReports } from '@config-center/etcd';
import { waitFor } from '@config-center/testing/harness';

/** The built fleet command, as `npm run demo:fleet` runs it after building. */
const FLEET_MAIN = join(__dirname, '..', 'dist', 'fleet', 'fleet-demo.js');
const PREFIX = '/config-center/demo/';

/** One row of the printed table. */
interface PrintedInstance {
  readonly id: string;
  readonly labels: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
}

/** The folders etcd's harness makes its data dirs in (`/dev/shm` when it exists) and what they hold now. */
function etcdDataDirs(): string[] {
  return ['/dev/shm', tmpdir()]
    .filter((root) => existsSync(root))
    .flatMap((root) =>
      readdirSync(root)
        .filter((name) => name.startsWith('config-center-etcd-'))
        .map((name) => join(root, name)),
    );
}

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs shell lines with bash, aliases on, as an operator pastes them. */
function bash(lines: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', ['shopt -s expand_aliases', ...lines].join('\n')], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/**
 * `npm run demo:fleet` as a process: etcd, three built demo instances reporting with their labels,
 * the printed commands that work as printed, and a SIGTERM that stops every part of it.
 */
describe('the fleet demo, run as a process', () => {
  let fleet: ChildProcess;
  let output = '';
  let exitCode: number | null | undefined;
  let dataDirsBefore: string[];
  let dir: string;
  let endpoints: string[];
  let instances: PrintedInstance[];

  const line = (pattern: RegExp): RegExpMatchArray => {
    const match = output.match(pattern);
    if (!match) throw new Error(`no line matching ${pattern} in the fleet's output:\n${output}`);
    return match;
  };
  const greeting = async (instance: PrintedInstance) => (await fetch(`${instance.url}/greeting`)).json() as Promise<unknown>;

  beforeAll(async () => {
    if (!existsSync(FLEET_MAIN)) throw new Error(`${FLEET_MAIN} is missing: run \`npm run build\` first (npm test does)`);
    dataDirsBefore = etcdDataDirs();
    fleet = spawn(process.execPath, [FLEET_MAIN], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    fleet.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    fleet.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    fleet.on('exit', (code) => (exitCode = code));
    await waitFor(() => /^Ctrl-C stops/m.test(output) || exitCode !== undefined, 'the fleet to print what to type', 120_000, 50);
    if (exitCode !== undefined) throw new Error(`the fleet exited with ${exitCode}: ${output}`);
    dir = line(/^ {2}cd (\S+)$/m)[1];
    endpoints = line(/^The fleet is up: etcd at (\S+), /m)[1].split(',');
    instances = [...output.matchAll(/^ {2}(demo-\w) {2}(\S+)\s+(http:\/\/127\.0\.0\.1:(\d+)) {2}pid (\d+) {2}log \S+$/gm)].map((m) => ({
      id: m[1],
      labels: m[2],
      url: m[3],
      port: Number(m[4]),
      pid: Number(m[5]),
    }));
  }, 150_000);
  afterAll(async () => {
    if (exitCode === undefined) {
      fleet.kill('SIGTERM');
      await waitFor(() => exitCode !== undefined, 'the fleet to exit', 30_000).catch(() => fleet.kill('SIGKILL'));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('prints the instances and the commands to type: publish, rollout, a canary to zone a, its status, promote', () => {
    expect(instances.map(({ id, labels }) => [id, labels])).toEqual([
      ['demo-a', 'zone=a'],
      ['demo-b', 'zone=b'],
      ['demo-c', 'zone=b'],
    ]);
    expect(new Set(instances.map((instance) => instance.port)).size).toBe(3);
    const commands = output.split('\n').filter((text) => text.startsWith('  config-center '));
    expect(commands.map((text) => text.trim().replace(/\s+#.*$/, ''))).toEqual([
      'config-center publish production.yaml -m "greet the fleet"',
      'config-center rollout',
      'config-center canary start canary.yaml -m "try zone a" --labels zone=a',
      'config-center canary status',
      'config-center canary promote',
      'config-center rollout',
    ]);
    for (const instance of instances)
      expect(output).toContain(`  curl -s ${instance.url.replace('http://', '')}/greeting; echo   # ${instance.id}`);
  });

  it('runs three instances, each on its own port, each with its record and labels in etcd', async () => {
    for (const instance of instances) {
      expect(await greeting(instance)).toEqual({ message: 'Hello from config-center!', limit: 5 });
    }
    const client = new Etcd3({ hosts: endpoints });
    try {
      const { reports, problems } = await readInstanceReports(client, controlPrefixFor(PREFIX));
      expect(problems).toEqual([]);
      expect(reports.map(({ instanceId, labels, pid }) => ({ instanceId, labels, pid }))).toEqual([
        { instanceId: 'demo-a', labels: { zone: 'a' }, pid: instances[0].pid },
        { instanceId: 'demo-b', labels: { zone: 'b' }, pid: instances[1].pid },
        { instanceId: 'demo-c', labels: { zone: 'b' }, pid: instances[2].pid },
      ]);
    } finally {
      client.close();
    }
  });

  it('publishes a change with the printed commands, and every instance follows over HTTP', async () => {
    const printed = (pattern: RegExp) => line(pattern)[0].trim();
    const run = await bash([
      printed(/^ {2}cd .*$/m),
      printed(/^ {2}alias config-center=.*$/m),
      printed(/^ {2}printf .* > production\.yaml$/m),
      printed(/^ {2}config-center publish .*$/m),
    ]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`published version 1 to ${PREFIX}`) });
    for (const instance of instances) {
      await waitFor(
        async () => JSON.stringify(await greeting(instance)) === JSON.stringify({ message: 'Hello, fleet!', limit: 7 }),
        `${instance.id} to follow the publish`,
        15_000,
        50,
      );
    }
  }, 90_000);

  it('on SIGTERM, stops the instances (their records deleted before etcd stops) and etcd, removes its folders and exits 0', async () => {
    const client = new Etcd3({ hosts: endpoints });
    const deleted: string[] = [];
    const watcher = await client
      .watch()
      .prefix(instanceReportsPrefix(controlPrefixFor(PREFIX)))
      .create();
    watcher.on('delete', (kv) => {
      // Cancelled once every record is gone, before etcd stops: a watch on a stopped etcd retries on a timer.
      if (deleted.push(kv.key.toString()) === instances.length) void watcher.cancel().catch(() => undefined);
    });
    watcher.on('error', () => undefined);
    const started = Date.now();
    try {
      fleet.kill('SIGTERM');
      await waitFor(() => exitCode !== undefined, 'the fleet to exit', 15_000, 20);
    } finally {
      client.close();
    }
    expect(exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(deleted.sort()).toEqual(instances.map((instance) => `${instanceReportsPrefix(controlPrefixFor(PREFIX))}${instance.id}`));
    const ports = [...instances.map((instance) => instance.port), ...endpoints.map((endpoint) => Number(endpoint.split(':')[1]))];
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false));
    expect(instances.filter((instance) => alive(instance.pid))).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(etcdDataDirs().filter((path) => !dataDirsBefore.includes(path))).toEqual([]);
    expect(output).toMatch(/SIGTERM: stopping the instances and etcd…\nStopped\.\n$/);
  }, 30_000);
});
