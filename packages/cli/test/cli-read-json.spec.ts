import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** Each read command with `--json`, and what its parsed output must hold. */
const READ_COMMANDS: readonly (readonly [string[], (report: unknown) => void])[] = [
  [['history'], (report) => expect(report).toEqual([expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2 })])],
  [['show', '1'], (report) => expect(report).toMatchObject({ version: 1, content: { 'rateLimit/limit': '' } })],
  [['diff', 'v1.yaml'], (report) => expect(report).toMatchObject({ changes: [{ kind: 'changed', key: 'rateLimit/limit' }] })],
  [['diff', '1'], (report) => expect(report).toMatchObject({ from: 'version 1', to: 'live' })],
  [['diff', '1', '2'], (report) => expect(report).toMatchObject({ from: 'version 1', to: 'version 2', unchanged: 1 })],
  [['get', 'rateLimit.limit'], (report) => expect(report).toMatchObject({ key: 'rateLimit/limit', value: '8' })],
  [['get', 'rateLimit'], (report) => expect(report).toMatchObject({ tree: { limit: 8, ttlMs: 1000 } })],
  [['export'], (report) => expect(report).toEqual({ rateLimit: { limit: 8, ttlMs: 1000 } })],
  [['schema'], (report) => expect(report).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' })],
  [['validate'], (report) => expect(report).toMatchObject({ valid: true })],
  [['validate', 'v1.yaml'], (report) => expect(report).toMatchObject({ valid: true })],
];

/** Every read command's `--json` output parses as JSON and holds what it says, on etcd and on Consul. */
describe.each(TEST_BACKENDS)('config-center read commands with --json on %s', (_name, start) => {
  const prefix = '/cli-json/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-json-'));
    backend = await start({ cleanup: [prefix, '/config-center/control/cli-json/'] });
    writeFileSync(join(dir, 'v1.yaml'), 'rateLimit:\n  limit: 5\n  ttlMs: 1000\n');
    writeFileSync(join(dir, 'v2.yaml'), 'rateLimit:\n  limit: 8\n  ttlMs: 1000\n');
    expect(await cli(['publish', 'v1.yaml', '-m', 'first'])).toMatchObject({ code: 0 });
    expect(await cli(['publish', 'v2.yaml', '-m', 'second'])).toMatchObject({ code: 0 });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it.each(READ_COMMANDS.map(([args, check]) => [args.join(' '), args, check] as const))(
    '%s --json prints JSON',
    async (_title, args, check) => {
      const run = await cli([...args, '--json']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      check(JSON.parse(run.stdout));
    },
    60_000,
  );
});

/** `--help` of the program and of every command it lists: examples, both backends, and `--json`. */
/** Commands built on what only etcd has (instance reports under leases): their help says so instead. */
const ETCD_ONLY = ['canary', 'rollout', 'secrets'];

/** Commands that read no backend: the schema of the sections, and the keys and values of encrypted config. */
const NO_BACKEND = ['schema', 'keygen', 'encrypt', 'decrypt'];

describe('config-center --help', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'config-center-cli-help-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives examples on both backends, and --json, for the program and every command', async () => {
    const program = await runCli(['--help'], { cwd: dir });
    expect(program).toMatchObject({ code: 0, stdout: expect.stringMatching(/Examples:\n {2}\$ config-center /) });
    expect(program.stdout).toMatch(/--etcd .*\n[\s\S]*--consul .*\n[\s\S]*--json/);
    const commands = [...program.stdout.split('Commands:')[1].matchAll(/^ {2}([a-z]+) /gm)]
      .map(([, name]) => name)
      .filter((name) => name !== 'help');
    expect(commands).toEqual(
      expect.arrayContaining(['validate', 'diff', 'publish', 'history', 'show', 'rollback', 'get', 'export', 'import', 'schema']),
    );
    for (const command of commands) {
      const help = (await runCli([command, '--help'], { cwd: dir })).stdout;
      const [options, examples = ''] = help.split('\nExamples:\n');
      const lines = examples.split('\n').filter((line) => line.startsWith('  $ '));
      expect({ command, json: /^ {2}--json /m.test(options), examples: lines.length > 0 }).toEqual({ command, json: true, examples: true });
      expect({ command, both: /etcd/.test(examples) && /Consul/.test(examples) }).toEqual({ command, both: true });
      // Every command that reads a backend has an example that points it at Consul, unless it needs etcd.
      if (!NO_BACKEND.includes(command) && !ETCD_ONLY.includes(command))
        expect({ command, consul: lines.some((line) => line.includes('--consul ')) }).toEqual({ command, consul: true });
    }
  }, 120_000);
});
