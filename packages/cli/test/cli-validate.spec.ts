import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore, ConfigValidationError } from '@config-center/core/source-kit';
import { freePort } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RateLimitConfig } = require('./fixtures/sections') as { RateLimitConfig: new () => object };

/** `config-center validate`, the built bin as a process, against a real etcd and against Consul. */
describe.each(TEST_BACKENDS)('config-center validate on %s', (_name, start) => {
  const prefix = '/cli-validate/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, ...args], { cwd: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-validate-'));
    backend = await start({ cleanup: ['/cli-validate/'] });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('accepts a good file, and rejects a bad one with the path and constraint the app reports', async () => {
    const good = write('good.yaml', 'rateLimit:\n  limit: 5\ngreeting:\n  message: hi\nfeatures:\n  checkout: true\n');
    expect(await cli(['validate', good])).toMatchObject({ code: 0, stdout: expect.stringContaining('valid: 3 sections') });

    const bad = write('bad.yaml', 'rateLimit:\n  limit: not-a-number-6581\n  ttlMs: 0\nfeatures:\n  checkout: maybe-6581\n');
    const run = await cli(['validate', bad]);
    expect(run.code).toBe(1);
    // What the app reports for the same keys in the backend: its own store, its own source.
    await backend.put('/cli-validate/app/rateLimit/limit', 'not-a-number-6581');
    await backend.put('/cli-validate/app/rateLimit/ttlMs', '0');
    const app = new ConfigStore({
      sources: [backend.appSource('/cli-validate/app/')],
      sections: [RateLimitConfig],
    });
    const failure = await app.load().then(
      () => undefined,
      (error: unknown) => error,
    );
    await app.close();
    expect(failure).toBeInstanceOf(ConfigValidationError);
    const issues = (failure as ConfigValidationError).issues;
    expect(issues.map((issue) => issue.path)).toEqual(['rateLimit.limit', 'rateLimit.ttlMs']);
    const lines = run.stdout.trim().split('\n');
    const lineOf = { 'rateLimit.limit': 2, 'rateLimit.ttlMs': 3 } as Record<string, number>;
    expect(lines).toEqual([
      ...issues.map(({ path, message }) => `${path}: ${message} (file:bad.yaml, bad.yaml:${lineOf[path]})`),
      'features.checkout: Invalid input: expected boolean, received string (file:bad.yaml, bad.yaml:5)',
      'invalid: 3 problems in 3 sections over file:bad.yaml',
    ]);
    expect(lines[0]).toBe('rateLimit.limit: must be an integer number (got a string) (file:bad.yaml, bad.yaml:2)');
    expect(run.stdout + run.stderr).not.toContain('6581');
  }, 60_000);

  it('takes a sections module that imports the main entry @config-center/core too (it loads Nest, and works the same)', async () => {
    const sections = join(__dirname, 'fixtures', 'main-entry-sections.js');
    const bad = write('main-entry.yaml', 'rateLimit:\n  limit: 0\n');
    const run = await runCli(['--sections', sections, 'validate', bad], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.limit: must not be less than 1') });
  }, 60_000);

  it('prints a JSON report with --json, and merges the proposal over --base files', async () => {
    const base = write('base.yaml', 'rateLimit:\n  limit: 10\n  ttlMs: -5\n');
    const proposal = write('fix.yaml', 'rateLimit:\n  ttlMs: 1000\n');
    const fixed = await cli(['validate', proposal, '--base', base, '--json']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ valid: true, layers: [`file:${join(dir, base)}`, 'file:fix.yaml'], problems: [] });

    const broken = await cli(['validate', write('empty.yaml', 'greeting:\n  message: hi\n'), '--base', base, '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).problems).toEqual([
      {
        kind: 'validation',
        path: 'rateLimit.ttlMs',
        message: 'must not be less than 1',
        source: `file:${join(dir, base)}`,
        file: base,
        line: 3,
      },
    ]);
  }, 60_000);

  it('names the file and line of each problem in a JSON file and in a directory of files, in text and --json', async () => {
    const json = write('bad.json', '{\n  "greeting": {\n    "message": "hi",\n    "shout": "loud-6581"\n  }\n}\n');
    const fromJson = await cli(['validate', json, '--json']);
    expect(fromJson.code).toBe(1);
    expect(JSON.parse(fromJson.stdout).problems).toEqual([
      expect.objectContaining({ path: 'greeting.shout', source: 'file:bad.json', file: 'bad.json', line: 4 }),
    ]);

    mkdirSync(join(dir, 'mount', 'rateLimit'), { recursive: true });
    writeFileSync(join(dir, 'mount', 'greeting.yaml'), '# the greeting\nshout: false\n\nmessage: a-message-far-too-long-6581\n');
    writeFileSync(join(dir, 'mount', 'rateLimit', 'ttlMs'), 'soon-6581\n');
    const fromDirectory = await cli(['validate', 'mount']);
    expect(fromDirectory.code).toBe(1);
    expect(fromDirectory.stdout.trim().split('\n')).toEqual([
      `rateLimit.ttlMs: must be an integer number (got a string) (file:mount, ${join('mount', 'rateLimit', 'ttlMs')}:1)`,
      `greeting.message: must be shorter than or equal to 20 characters (file:mount, ${join('mount', 'greeting.yaml')}:4)`,
      'invalid: 2 problems in 3 sections over file:mount',
    ]);
    expect(fromJson.stdout + fromDirectory.stdout).not.toContain('6581');
  }, 60_000);

  it('validates the live state of the prefix with no argument', async () => {
    const source = backend.appSource(prefix).name;
    await backend.put(`${prefix}rateLimit/limit`, '8');
    await backend.put(`${prefix}greeting/shout`, 'true');
    expect(await cli(['validate'])).toMatchObject({ code: 0, stdout: expect.stringContaining(`over ${source}`) });

    await backend.put(`${prefix}rateLimit/limit`, '0');
    const run = await cli(['validate']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`rateLimit.limit: must not be less than 1 (${source})`);
  }, 60_000);

  it("warns of a top-level key no section reads, with did you mean, and exits 0 as for a key no field declares: in a file and in the live prefix (etcdctl's ratelimit/limit), as the app lists it", async () => {
    const warning =
      "warning: ratelimit (did you mean 'rateLimit'?): no section reads this top-level key; the app ignores it unless it reads the path itself";
    const typo = write('typo.yaml', 'ratelimit:\n  limit: 5\ngreeting:\n  message: hi\n');
    const run = await cli(['validate', typo]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`${warning}\nvalid: 3 sections`) });
    const json = JSON.parse((await cli(['validate', typo, '--json'])).stdout);
    expect(json).toMatchObject({ valid: true, unknownKeys: [], uncoveredKeys: [{ key: 'ratelimit', didYouMean: 'rateLimit' }] });

    const typoPrefix = '/cli-validate/typo/';
    await backend.put(`${typoPrefix}ratelimit/limit`, '5');
    const live = await runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', typoPrefix, 'validate'], { cwd: dir });
    expect(live).toMatchObject({ code: 0, stdout: expect.stringContaining(warning) });
    const app = new ConfigStore({ sources: [backend.appSource(typoPrefix)], sections: [RateLimitConfig] });
    await app.load();
    app.startWatching();
    expect(app.status()).toMatchObject({ unknownKeys: ['ratelimit'], uncoveredKeys: [{ key: 'ratelimit', didYouMean: 'rateLimit' }] });
    await app.close();
  }, 60_000);

  it('reads its settings from config-center.yaml found upward, overridden by the flags', async () => {
    write('config-center.yaml', `${backend.projectFile}prefix: ${prefix}\nsections: ${SECTIONS}\n`);
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'p.yaml'), 'rateLimit:\n  limit: 3\n');
    expect(await runCli(['validate', 'p.yaml'], { cwd: sub })).toMatchObject({ code: 0 });
    const missing = await runCli(['validate', 'p.yaml', '--sections', 'nowhere.js'], { cwd: sub });
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`the sections module '${join(sub, 'nowhere.js')}' does not exist`),
    });
    rmSync(join(dir, 'config-center.yaml'));
  }, 60_000);

  it('exits 2 on a usage error and 3 when the backend cannot be reached, naming endpoint and prefix but no credential', async () => {
    expect(await cli(['validate', '--no-such-flag'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option '--no-such-flag'"),
    });
    expect(await runCli(['validate'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining('no sections module') });
    expect(await runCli([], { cwd: dir })).toMatchObject({ code: 2 });

    const closed = backend.flagsFor(await freePort());
    const env = backend.secretEnv;
    const run = await runCli(['validate', '--sections', SECTIONS, ...closed, '--prefix', prefix], { cwd: dir, env });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(backend.describe(prefix, closed[1]));
    for (const secret of Object.values(env)) expect(run.stdout + run.stderr).not.toContain(secret);
  }, 60_000);
});
