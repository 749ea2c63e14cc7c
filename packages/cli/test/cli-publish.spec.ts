import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** Preloaded into the CLI's process, it lists the packages the process loaded. */
const RECORD_LOADED = join(__dirname, 'support', 'record-loaded-packages.js');

/** What each backend's refusal of a too-big transaction names: the limit and how to raise it. */
const LIMITS = {
  etcd: { operations: /limit of 128.*--max-txn-ops/, bytes: /1\.5 MiB.*--max-request-bytes/ },
  Consul: { operations: /Consul's limit of 128 operations per transaction.*never split/, bytes: /512 KiB.*limits\.txn_max_req_len/ },
};

/** `config-center publish`, the built bin as a process, against a real etcd and against Consul. */
describe.each(TEST_BACKENDS)('config-center publish on %s', (_name, start) => {
  const prefix = '/cli-publish/orders/';
  const control = '/config-center/control/cli-publish/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ci-bot', ...args], { cwd: dir, env });
  /** Everything under both the prefix and the control prefix. */
  const everything = async () => ({ config: await backend.entries(prefix), control: await backend.entries(control) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-publish-'));
    backend = await start({ cleanup: [prefix, control] });
    await backend.put(`${prefix}rateLimit/limit`, '5');
    await backend.put(`${prefix}greeting/message`, 'kept');
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('refuses an invalid proposal and a --dry-run without writing anything', async () => {
    const before = await everything();
    const bad = write('bad.yaml', 'rateLimit:\n  limit: not-a-number-6581\n');
    const invalid = await cli(['publish', bad, '-m', 'bad']);
    expect(invalid).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.limit: must be an integer number') });
    const good = write('dry.yaml', 'rateLimit:\n  limit: 9\n');
    const dry = await cli(['publish', good, '-m', 'try', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining('dry run: would publish version 1') });
    expect(await everything()).toEqual(before);
  }, 60_000);

  it('loads neither Nest nor rxjs, nor the other backend (a sections module of @config-center/core/sections)', async () => {
    const out = join(dir, 'loaded.json');
    const proposal = write('light.yaml', 'rateLimit:\n  limit: 11\n');
    const run = await cli(['publish', proposal, '-m', 'light', '--dry-run'], {
      NODE_OPTIONS: `--require ${RECORD_LOADED}`,
      LOADED_PACKAGES_OUT: out,
    });
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('dry run: would publish') });
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as string[];
    // On Consul, only @config-center/etcd/control-prefix (the control prefix rule, one small file) comes from the etcd package.
    const other = backend.name === 'etcd' ? ['@config-center/consul'] : ['etcd3', 'cockatiel', '@grpc/grpc-js'];
    expect(loaded.filter((name) => name.startsWith('@nestjs/') || name === 'rxjs' || other.includes(name))).toEqual([]);
    expect(loaded).toEqual(expect.arrayContaining(['class-validator', ...(backend.name === 'etcd' ? ['etcd3'] : [])]));
  }, 60_000);

  it('writes the changed keys and a history record, keeping other live keys unless --prune', async () => {
    const proposal = write('v1.yaml', 'rateLimit:\n  limit: 7\n  ttlMs: 1000\n');
    const run = await cli(['publish', proposal, '-m', 'raise the limit']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1'), stderr: '' });
    const content = { 'greeting/message': 'kept', 'rateLimit/limit': '7', 'rateLimit/ttlMs': '1000' };
    expect(await backend.entries(prefix)).toEqual(content);
    expect(await backend.get(`${control}version`)).toBe('1');
    const record = JSON.parse((await backend.get(`${control}history/0000000001`))!);
    expect(record).toEqual({
      version: 1,
      author: 'ci-bot',
      message: 'raise the limit',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      content,
    });

    const pruned = await cli(['publish', proposal, '-m', 'drop the greeting', '--prune', '--json']);
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ version: 2, dryRun: false, prefix: backend.stored(prefix), warnings: [] });
    expect(Object.keys(await backend.entries(prefix)).sort()).toEqual(['rateLimit/limit', 'rateLimit/ttlMs']);
  }, 60_000);

  it("refuses a proposal beyond the backend's transaction limits, naming the limit, writing nothing", async () => {
    const before = await everything();
    const many = Array.from({ length: 130 }, (_, i) => `  k${String(i).padStart(3, '0')}: ${i}\n`).join('');
    const ops = await cli(['publish', write('many.yaml', `bulk:\n${many}`), '-m', 'too many']);
    expect(ops).toMatchObject({ code: 1, stderr: expect.stringMatching(LIMITS[backend.name].operations) });
    const big = await cli(['publish', write('big.yaml', `bulk:\n  blob: ${'x'.repeat(900 * 1024)}\n`), '-m', 'too big']);
    expect(big).toMatchObject({ code: 1, stderr: expect.stringMatching(LIMITS[backend.name].bytes) });
    expect(await everything()).toEqual(before);
  }, 60_000);
});
