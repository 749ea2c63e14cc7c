import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS, type CliRun } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** The plaintexts of this spec share a marker, so that one search finds any of them in any output. */
const MARK = 'pl41n';
const [, startEtcd] = TEST_BACKENDS[0];

/** `get`, `export`, `diff`, `show` and `history` print `[secret <kid>]` for an `enc:` value, the plaintext only with `--show-secrets`. */
describe('config-center output of encrypted values, on a real etcd', () => {
  const prefix = '/cli-secrets-output/orders/';
  const keyless = '/cli-secrets-keyless/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const keys = () => join(dir, 'keys');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}, at = prefix) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', at, '--author', 'ops', ...args], { cwd: dir, env });
  const seal = async (kid: string, text: string) =>
    (await runCli(['encrypt', '--path', 'greeting.message', '--kid', kid, '--key-dir', keys()], { cwd: dir, input: text })).stdout.trim();
  /** What no output without --show-secrets may hold: a plaintext, or an envelope's text. */
  const expectNoValue = (what: string, run: CliRun) => {
    expect([what, run.stdout.includes(MARK) || run.stderr.includes(MARK)]).toEqual([what, false]);
    expect([what, run.stdout.includes('enc:') || run.stderr.includes('enc:')]).toEqual([what, false]);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cc-cli-secrets-output-'));
    backend = await startEtcd({ cleanup: [prefix, keyless] });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('prints [secret <kid>] in text and --json, shows that a secret changed, and the plaintext only with --show-secrets', async () => {
    for (const kid of ['k1', 'k2']) await runCli(['keygen', '--kid', kid, '--key-dir', keys()], { cwd: dir });
    const env = { CONFIG_CENTER_KEY_DIR: keys() };
    writeFileSync(join(dir, 'v1.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: ${await seal('k1', `one-${MARK}`)}\n`);
    writeFileSync(join(dir, 'v2.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: ${await seal('k2', `two-${MARK}`)}\n`);
    expect((await cli(['publish', 'v1.yaml', '-m', 'first'], env)).code).toBe(0);
    expect((await cli(['publish', 'v2.yaml', '-m', 'second'], env)).code).toBe(0);

    const get = await cli(['get', 'greeting.message']);
    expect(get).toMatchObject({ code: 0, stdout: '[secret k2]\n' });
    expect(JSON.parse((await cli(['get', 'greeting.message', '--json'])).stdout)).toMatchObject({ value: '[secret k2]' });
    expect((await cli(['get', 'greeting'])).stdout).toBe('message: "[secret k2]"\n');
    expect((await cli(['export'])).stdout).toContain('message: "[secret k2]"');
    expect(JSON.parse((await cli(['export', '--json'])).stdout)).toMatchObject({ greeting: { message: '[secret k2]' } });

    const diff = await cli(['diff', '1']);
    expect(diff.stdout).toContain('~ greeting/message  [secret k1] → [secret k2]');
    const diffJson = JSON.parse((await cli(['diff', '1', '2', '--json', '--show-values'])).stdout);
    expect(diffJson.changes[0]).toMatchObject({
      key: 'greeting/message',
      before: { value: '[secret k1]' },
      after: { value: '[secret k2]' },
    });
    expect((await cli(['diff', 'v1.yaml', '--show-values'])).stdout).toContain('~ greeting/message  [secret k2] → [secret k1]');
    expect((await cli(['show', '1', '--show-values'])).stdout).toContain('greeting/message = "[secret k1]"');
    expect(JSON.parse((await cli(['show', '2', '--show-values', '--json'])).stdout).content['greeting/message']).toBe('[secret k2]');

    const outputs: [string, string[]][] = [
      ['get', ['get', 'greeting.message']],
      ['get --json', ['get', 'greeting', '--json']],
      ['export', ['export']],
      ['export --json', ['export', '--json']],
      ['diff', ['diff', '1', '--show-values']],
      ['diff --json', ['diff', 'v1.yaml', '--show-values', '--json']],
      ['show', ['show', '1', '--show-values']],
      ['show --json', ['show', '2', '--show-values', '--json']],
      ['history', ['history']],
      ['history --json', ['history', '--json']],
    ];
    for (const [what, args] of outputs) expectNoValue(what, await cli(args));

    writeFileSync(join(dir, 'exported.yaml'), (await cli(['export'])).stdout);
    const before = await backend.rawEntries(prefix);
    const reimport = await cli(['import', 'exported.yaml', '-m', 'round trip']);
    expect(reimport.code).toBe(1);
    expect(reimport.stdout).toContain('greeting/message: holds the stand-in output prints for an encrypted value');
    expect(await backend.rawEntries(prefix)).toEqual(before);

    expect(await cli(['get', 'greeting.message', '--show-secrets'], env)).toMatchObject({ code: 0, stdout: `two-${MARK}\n` });
    expect((await cli(['diff', '1', '--show-secrets', '--key-dir', keys()])).stdout).toContain(
      `~ greeting/message  "one-${MARK}" → "two-${MARK}"`,
    );
    expect((await cli(['show', '1', '--show-values', '--show-secrets'], env)).stdout).toContain(`greeting/message = "one-${MARK}"`);
    rmSync(join(keys(), 'k2.key'));
    const missing = await cli(['get', 'greeting.message', '--show-secrets'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot decrypt the value at 'greeting.message' (key 'k2'): no key with this id is held");
    expect(missing.stderr).toContain("the key directory has no 'k2.key'");
    expectNoValue('get --show-secrets without the key', missing);
    expect((await cli(['get', 'greeting.message', '--show-secrets'])).code).toBe(2);
  }, 120_000);

  it('without keys, diff and publish check the envelope and key id and warn; a malformed one fails naming its path', async () => {
    const other = join(dir, 'keyless-keys');
    await runCli(['keygen', '--kid', 'k7', '--key-dir', other], { cwd: dir });
    const sealed = async (path: string) =>
      (await runCli(['encrypt', '--path', path, '--kid', 'k7', '--key-dir', other], { cwd: dir, input: `k-${MARK}` })).stdout.trim();
    writeFileSync(join(dir, 'good.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: ${await sealed('greeting.message')}\n`);
    writeFileSync(join(dir, 'moved.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: ${await sealed('rateLimit.limit')}\n`);
    writeFileSync(join(dir, 'broken.yaml'), 'rateLimit:\n  limit: 5\ngreeting:\n  message: enc:v1:aes256gcm:k7:short\n');
    const warning = 'greeting.message: encrypted with k7; no key at hand to check its value (--key-dir)';

    const diff = await cli(['diff', 'good.yaml'], {}, keyless);
    expect(diff).toMatchObject({ code: 0, stdout: expect.stringContaining(`warning: ${warning}`) });
    const published = await cli(['publish', 'good.yaml', '-m', 'no keys here'], {}, keyless);
    expect(published).toMatchObject({ code: 0, stderr: `config-center: warning: ${warning}\n` });
    const written = await backend.rawEntries(keyless);

    const broken = await cli(['diff', 'broken.yaml'], {}, keyless);
    expect(broken).toMatchObject({ code: 1, stdout: expect.stringContaining('greeting.message: the encrypted value is malformed') });
    const refused = await cli(['publish', 'broken.yaml', '-m', 'broken'], {}, keyless);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringContaining('greeting.message: the encrypted value is malformed') });
    expect(await backend.rawEntries(keyless)).toEqual(written);

    const moved = await cli(['diff', 'moved.yaml', '--key-dir', other], {}, keyless);
    expect(moved).toMatchObject({ code: 1, stdout: expect.stringContaining("greeting.message: cannot be decrypted with key 'k7'") });
    for (const [what, run] of Object.entries({ diff, published, broken, refused, moved })) expectNoValue(what, run);
  }, 120_000);
});
