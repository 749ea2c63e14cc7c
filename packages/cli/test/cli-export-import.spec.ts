import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/** `config-center export`, `import` and `get`, the built bin as a process, against a real etcd. */
describe('config-center export, import and get', () => {
  const source = '/cli-export/staging/';
  let cluster: EtcdCluster;
  let client: Etcd3;
  let dir: string;
  /** Key → text under the source prefix: texts a YAML or JSON scalar would not keep as they are. */
  const keys: Record<string, string> = {
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
  const cli = (prefix: string, args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });
  /** The raw bytes under a prefix, relative key → hex of the value. */
  const rawContent = async (prefix: string) => {
    const { kvs } = await client.getAll().prefix(prefix).exec();
    return Object.fromEntries(kvs.map((kv) => [kv.key.subarray(Buffer.byteLength(prefix)).toString('hex'), kv.value.toString('hex')]));
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-export-'));
    cluster = await EtcdCluster.start();
    client = cluster.client();
    for (const [key, value] of Object.entries(keys)) await client.put(`${source}${key}`).value(value);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it.each(['yaml', 'json'])(
    'round-trips export --format %s → import on another prefix to byte-identical keys',
    async (format) => {
      const target = `/cli-export/copy-${format}/`;
      await client.put(`${target}old/key`).value('pruned by the import');
      const exported = await cli(source, ['export', '--format', format]);
      expect(exported).toMatchObject({ code: 0, stderr: '' });
      writeFileSync(join(dir, `staging.${format}`), exported.stdout);

      const imported = await cli(target, ['import', `staging.${format}`, '-m', 'copy staging']);
      expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
      expect(await rawContent(target)).toEqual(await rawContent(source));
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
    await client.put(`${prefix}a`).value('clash-value-7731');
    await client.put(`${prefix}a/b`).value('below-value-7731');
    await client.put(`${prefix}fine`).value('1');
    const run = await cli(prefix, ['export']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`cannot export etcd at ${cluster.endpoints.join(',')}, prefix '${prefix}'`);
    expect(run.stderr).toContain("'a' holds a value and 'a/b' lies below it");
    expect(run.stderr).not.toContain('7731');
  }, 60_000);

  it('validates an import first and writes nothing when it is invalid', async () => {
    const target = '/cli-export/invalid/';
    await client.put(`${target}rateLimit/limit`).value('3');
    writeFileSync(join(dir, 'bad.yaml'), 'rateLimit:\n  limit: zero-4410\n');
    const run = await cli(target, ['import', 'bad.yaml', '-m', 'bad']);
    expect(run).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.limit: must be an integer number') });
    expect(await client.getAll().prefix(target).strings()).toEqual({ [`${target}rateLimit/limit`]: '3' });
    expect(await client.get('/config-center/control/cli-export/invalid/version').string()).toBeNull();
  }, 60_000);

  it('gets the text of one key by config path or key, and a subtree as a file', async () => {
    expect(await cli(source, ['get', 'rateLimit.limit'])).toMatchObject({ code: 0, stdout: '5\n' });
    expect(await cli(source, ['get', 'texts/lines'])).toMatchObject({ code: 0, stdout: `${keys['texts/lines']}\n` });
    expect((await cli(source, ['get', 'features/app.yaml'])).stdout).toBe(`${keys['features/app.yaml']}\n`);
    expect(JSON.parse((await cli(source, ['get', 'greeting.message', '--json'])).stdout)).toEqual({
      prefix: source,
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
