import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** Key → text under the source prefix: texts a YAML or JSON scalar would not keep as they are. */
const KEYS: Readonly<Record<string, string>> = {
  'rateLimit/limit': '5',
  'rateLimit/ttlMs': '1000',
  'greeting/message': 'secret-hello-5512',
  'greeting/shout': 'true',
  'texts/version': '1.10',
  'texts/code': '007',
  'texts/quotedTrue': '"true"',
  'texts/null': 'null',
  'texts/exponent': '1e3',
  'texts/empty': '',
  'texts/lines': '  two\nlines  \n',
  'texts/unicode': 'ünï "q"\ttab',
  'texts/array': '[1,"a",{"b":true}]',
  'texts/spacedArray': '[1, 2]',
  'texts/object': '{"a":1}',
  'texts/emptyObject': '{}',
  'features/app.yaml': 'checkout: true\n',
};

/** Runs the CLI on `backend`'s `prefix`, in `dir`. */
const cliOn = (backend: CliTestBackend, dir: string, prefix: string, args: string[]) =>
  runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });

/** `config-center export`, `import` and `get`, the built bin as a process, against a real etcd and against Consul. */
describe.each(TEST_BACKENDS)('config-center export, import and get on %s', (_name, start) => {
  const source = '/cli-export/staging/';
  const keys = KEYS;
  let backend: CliTestBackend;
  let dir: string;
  const cli = (prefix: string, args: string[]) => cliOn(backend, dir, prefix, args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-export-'));
    backend = await start({ cleanup: ['/cli-export/', '/config-center/control/cli-export/'] });
    for (const [key, value] of Object.entries(keys)) await backend.put(`${source}${key}`, value);
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it.each(['yaml', 'json'])(
    'round-trips export --format %s → import on another prefix to byte-identical keys',
    async (format) => {
      const target = `/cli-export/copy-${format}/`;
      await backend.put(`${target}old/key`, 'pruned by the import');
      const exported = await cli(source, ['export', '--format', format]);
      expect(exported).toMatchObject({ code: 0, stderr: '' });
      writeFileSync(join(dir, `staging.${format}`), exported.stdout);

      const imported = await cli(target, ['import', `staging.${format}`, '-m', 'copy staging']);
      expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
      expect(await backend.rawEntries(target)).toEqual(await backend.rawEntries(source));
      const history = JSON.parse((await cli(target, ['history', '--json'])).stdout);
      expect(history).toEqual([expect.objectContaining({ version: 1, message: 'copy staging', author: 'ops' })]);
      expect(history[0].changedOutside).toBeUndefined();
    },
    60_000,
  );

  it('writes a natural file: numbers and booleans plain, texts that would change quoted', async () => {
    const run = await cli(source, ['export']);
    expect(run.stdout).toContain('  limit: 5\n');
    expect(run.stdout).toContain('  shout: true\n');
    expect(run.stdout).toContain('  version: "1.10"\n');
    expect(run.stdout).toContain('  code: "007"\n');
    expect(run.stdout).toContain('  spacedArray: "[1, 2]"\n');
    const json = JSON.parse((await cli(source, ['export', '--json'])).stdout);
    expect(json.texts).toMatchObject({ version: '1.10', array: [1, 'a', { b: true }], object: '{"a":1}', emptyObject: {}, null: null });
    expect(json.rateLimit).toEqual({ limit: 5, ttlMs: 1000 });
  }, 60_000);

  it('refuses to export keys a file cannot hold, naming them and not their values', async () => {
    const prefix = '/cli-export/clash/';
    await backend.put(`${prefix}a`, 'clash-value-7731');
    await backend.put(`${prefix}a/b`, 'below-value-7731');
    await backend.put(`${prefix}fine`, '1');
    const run = await cli(prefix, ['export']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`cannot export ${backend.describe(prefix)}`);
    expect(run.stderr).toContain("'a' holds a value and 'a/b' lies below it");
    expect(run.stderr).not.toContain('7731');
  }, 60_000);

  it('validates an import first and writes nothing when it is invalid', async () => {
    const target = '/cli-export/invalid/';
    await backend.put(`${target}rateLimit/limit`, '3');
    writeFileSync(join(dir, 'bad.yaml'), 'rateLimit:\n  limit: zero-4410\n');
    const run = await cli(target, ['import', 'bad.yaml', '-m', 'bad']);
    expect(run).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.limit: must be an integer number') });
    expect(await backend.entries(target)).toEqual({ 'rateLimit/limit': '3' });
    expect(await backend.get('/config-center/control/cli-export/invalid/version')).toBeUndefined();
  }, 60_000);

  it('gets the text of one key by config path or key, and a subtree as a file', async () => {
    expect(await cli(source, ['get', 'rateLimit.limit'])).toMatchObject({ code: 0, stdout: '5\n' });
    expect(await cli(source, ['get', 'texts/lines'])).toMatchObject({ code: 0, stdout: `${keys['texts/lines']}\n` });
    expect((await cli(source, ['get', 'features/app.yaml'])).stdout).toBe(`${keys['features/app.yaml']}\n`);
    expect(JSON.parse((await cli(source, ['get', 'greeting.message', '--json'])).stdout)).toEqual({
      prefix: backend.stored(source),
      path: 'greeting.message',
      key: 'greeting/message',
      value: 'secret-hello-5512',
    });
    expect((await cli(source, ['get', 'rateLimit'])).stdout).toBe('limit: 5\nttlMs: 1000\n');
    expect(JSON.parse((await cli(source, ['get', 'rateLimit', '--format', 'json'])).stdout)).toEqual({ limit: 5, ttlMs: 1000 });
    expect(JSON.parse((await cli(source, ['get', 'texts', '--json'])).stdout).tree).toMatchObject({ version: '1.10', code: '007' });
    const missing = await cli(source, ['get', 'rateLimit.burst']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining(`nothing at 'rateLimit.burst' (key 'rateLimit/burst')`) });
  }, 60_000);

  it('says in --help that get and export print values', async () => {
    expect((await runCli(['get', '--help'], { cwd: dir })).stdout).toContain('PRINTS VALUES');
    expect((await runCli(['export', '--help'], { cwd: dir })).stdout).toMatch(/Prints values[\s\S]*Examples:/);
  }, 60_000);
});

/** An export from one backend imported into the other, and back: the same bytes under every key. */
describe('config-center export from etcd, import into Consul and back', () => {
  const [[, startEtcd], [, startConsul]] = TEST_BACKENDS;
  let etcd: CliTestBackend;
  let consul: CliTestBackend;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-cross-'));
    [etcd, consul] = await Promise.all([startEtcd(), startConsul({ cleanup: ['/cli-cross/', '/config-center/control/cli-cross/'] })]);
    for (const [key, value] of Object.entries(KEYS)) await etcd.put(`/cli-cross/etcd/${key}`, value);
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([etcd?.stop(), consul?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it.each(['yaml', 'json'])(
    'moves every key byte for byte through an export --format %s',
    async (format) => {
      const copy = async (from: CliTestBackend, fromPrefix: string, to: CliTestBackend, toPrefix: string) => {
        const exported = await cliOn(from, dir, fromPrefix, ['export', '--format', format]);
        expect(exported).toMatchObject({ code: 0, stderr: '' });
        writeFileSync(join(dir, `cross.${format}`), exported.stdout);
        const imported = await cliOn(to, dir, toPrefix, ['import', `cross.${format}`, '-m', `from ${from.name}`]);
        expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('published version') });
      };
      const original = await etcd.rawEntries('/cli-cross/etcd/');
      expect(Object.keys(original)).toHaveLength(Object.keys(KEYS).length);
      await copy(etcd, '/cli-cross/etcd/', consul, `/cli-cross/consul-${format}/`);
      expect(await consul.rawEntries(`/cli-cross/consul-${format}/`)).toEqual(original);
      await copy(consul, `/cli-cross/consul-${format}/`, etcd, `/cli-cross/back-${format}/`);
      expect(await etcd.rawEntries(`/cli-cross/back-${format}/`)).toEqual(original);
    },
    60_000,
  );
});
