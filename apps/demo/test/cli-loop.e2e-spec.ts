import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConfigStatusReport } from '@config-center/core';
import { EtcdCluster, freePort, waitFor } from '@config-center/testing/harness';
import { DemoProcess } from './support/demo-process';

const COMMITTED_CONFIG = join(__dirname, '..', 'config', 'app.yaml');
/** The demo's compiled sections module, as the project file of docs/guides/cli-loop.md names it. */
const DEMO_SECTIONS = join(__dirname, '..', 'dist', 'sections.js');

/** The `config-center` bin of the installed `@config-center/cli`, found through its manifest's `bin`. */
function cliBin(): string {
  const manifest = require.resolve('@config-center/cli/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin['config-center']);
}

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The loop docs/guides/cli-loop.md shows, as processes: etcd, the built demo on etcd, and the built CLI with the
 * demo's sections module — edit a YAML file, `validate`, `diff`, `publish`, see the demo follow
 * over HTTP, `rollback`, and an invalid edit rejected by `validate` with the path and constraint
 * the demo itself reports when the same value reaches it.
 */
describe('the CLI loop of the docs: config-center publishes, the running demo follows', () => {
  const prefix = `/config-center/demo-loop/${process.pid}/`;
  let cluster: EtcdCluster;
  let dir: string;
  let demo: DemoProcess;
  let base: string;

  const cli = (...args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONFIG_CENTER_')));
      execFile(process.execPath, [cliBin(), ...args], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;
  const greeting = () => get<{ message: string; limit: number }>('/greeting');
  const follows = (expected: { message: string; limit: number }) =>
    waitFor(
      async () => JSON.stringify(await greeting()) === JSON.stringify(expected),
      `GET /greeting to answer ${JSON.stringify(expected)}`,
      15_000,
      50,
    );
  const edit = (text: string) => writeFile(join(dir, 'production.yaml'), text);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-demo-loop-'));
    cluster = await EtcdCluster.start();
    const [port, a, b] = [await freePort(), await freePort(), await freePort()];
    const committed = await readFile(COMMITTED_CONFIG, 'utf8');
    await writeFile(join(dir, 'app.yaml'), committed.replaceAll(':3001', `:${a}`).replaceAll(':3002', `:${b}`));
    await writeFile(
      join(dir, 'config-center.yaml'),
      `etcd:\n  endpoints: ${cluster.endpoints.join(',')}\nprefix: ${prefix}\nsections: ${DEMO_SECTIONS}\nbase: [app.yaml]\nignoreKeys: [features]\nauthor: ops\n`,
    );
    demo = new DemoProcess(dir, {
      CONFIG_PATH: join(dir, 'app.yaml'),
      PORT: String(port),
      UPSTREAM_A_PORT: String(a),
      UPSTREAM_B_PORT: String(b),
      ETCD_ENDPOINTS: cluster.endpoints.join(','),
      ETCD_PREFIX: prefix,
    });
    await waitFor(() => /Demo on http/.test(demo.output) || demo.exitCode !== undefined, 'the demo to listen', 30_000, 20);
    if (demo.exitCode !== undefined) throw new Error(`the demo exited with ${demo.exitCode}: ${demo.output}`);
    base = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('validates, diffs and publishes an edit the demo follows, then rolls it back', async () => {
    expect(await greeting()).toEqual({ message: 'Hello from config-center!', limit: 5 });

    await edit('greeting:\n  message: Hello from etcd\nrateLimit:\n  limit: 7\n');
    expect(await cli('validate', 'production.yaml')).toMatchObject({
      code: 0,
      stdout: `valid: 5 sections over file:${join(dir, 'app.yaml')} < file:production.yaml\n`,
    });
    const diff = await cli('diff', 'production.yaml');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^\+ greeting\/message {2}#[0-9a-f]+\n\+ rateLimit\/limit {2}#[0-9a-f]+\n/);
    expect(diff.stdout).toContain(`${prefix}: 2 added, 0 changed, 0 removed, 0 unchanged`);
    expect(await cli('publish', 'production.yaml', '-m', 'greet from etcd')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`published version 1 to ${prefix} (2 added, 0 changed, 0 removed)`),
    });
    await follows({ message: 'Hello from etcd!', limit: 7 });

    await edit('greeting:\n  message: Hello again\nrateLimit:\n  limit: 9\n');
    expect(await cli('publish', 'production.yaml', '-m', 'again')).toMatchObject({ code: 0, stdout: expect.stringContaining('version 2') });
    await follows({ message: 'Hello again!', limit: 9 });

    expect(await cli('rollback', '1', '-m', 'back to the first')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`published version 3 to ${prefix} (0 added, 2 changed, 0 removed)`),
    });
    await follows({ message: 'Hello from etcd!', limit: 7 });
    const history = await cli('history');
    expect(history.stdout).toMatch(/greet from etcd[\s\S]*again[\s\S]*back to the first/);
  }, 120_000);

  it('rejects an invalid edit in validate and publish with the path and constraint the demo reports for it', async () => {
    await edit('greeting:\n  message: Hello from etcd\nrateLimit:\n  limit: -5\n');
    const validate = await cli('validate', 'production.yaml');
    expect(validate.code).toBe(1);
    const problem = 'rateLimit.limit: must not be less than 1';
    expect(validate.stdout.split('\n')[0]).toBe(`${problem} (file:production.yaml, production.yaml:4)`);
    const before = await cluster.client().getAll().prefix(prefix).strings();
    expect(await cli('publish', 'production.yaml', '-m', 'bad')).toMatchObject({ code: 1, stdout: expect.stringContaining(problem) });
    expect(await cluster.client().getAll().prefix(prefix).strings()).toEqual(before);

    // The same value written past the CLI: the demo rejects it and keeps serving the last good config.
    const etcdSource = async () => (await get<ConfigStatusReport>('/config/status')).sources.find((s) => s.name.startsWith('etcd:'));
    await cluster.client().put(`${prefix}rateLimit/limit`).value('-5');
    const rejected = await waitFor(async () => (await etcdSource())?.lastError?.message, 'the demo to reject the value', 15_000, 50);
    expect(rejected).toContain(problem);
    expect(await greeting()).toEqual({ message: 'Hello from etcd!', limit: 7 });
  }, 120_000);
});
