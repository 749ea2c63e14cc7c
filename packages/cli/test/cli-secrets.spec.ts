import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptValue, readKeyDir, StaticKeyring } from '@config-center/core/secrets';
import { runCli, SECTIONS } from './support/run-cli';

/** keygen, encrypt and decrypt, run as the built `config-center` process. */
describe('config-center keygen, encrypt and decrypt', () => {
  let cwd: string;
  let keyDir: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'cc-cli-secrets-'));
    keyDir = join(cwd, 'keys');
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('keygen writes <kid>.key (32 bytes of base64, mode 0600) and refuses to overwrite it or take a bad key id', async () => {
    const made = await runCli(['keygen', '--kid', 'k2', '--key-dir', 'keys'], { cwd });
    expect(made).toMatchObject({ code: 0, stdout: `wrote key 'k2' to ${join(keyDir, 'k2.key')}\n` });
    const file = join(keyDir, 'k2.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyDir(keyDir).get('k2')?.length).toBe(32);
    const before = readFileSync(file, 'utf8');
    expect(made.stdout + made.stderr).not.toContain(before.trim());

    const again = await runCli(['keygen', '--kid', 'k2', '--key-dir', 'keys'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('exists: keygen never overwrites a key');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect((await runCli(['keygen', '--kid', '../k3', '--key-dir', 'keys'], { cwd })).code).toBe(2);
  });

  it('encrypt prints an envelope the core opens at that path only; decrypt prints the plaintext back', async () => {
    await runCli(['keygen', '--kid', 'k1', '--key-dir', keyDir], { cwd });
    const sealed = await runCli(['encrypt', '--path', 'db.password', '--kid', 'k1', '--key-dir', keyDir], { cwd, input: 'pä55 word\n' });
    expect(sealed.code).toBe(0);
    const envelope = sealed.stdout.trim();
    expect(envelope).toMatch(/^enc:v1:aes256gcm:k1:/);
    const keyring = new StaticKeyring(readKeyDir(keyDir));
    expect(decryptValue(envelope, { path: 'db.password', keyring })).toBe('pä55 word');

    const opened = await runCli(['decrypt', '--path', 'db.password'], {
      cwd,
      input: `${envelope}\n`,
      env: { CONFIG_CENTER_KEY_DIR: keyDir },
    });
    expect(opened).toMatchObject({ code: 0, stdout: 'pä55 word\n' });

    const moved = await runCli(['decrypt', '--path', 'db.user', '--key-dir', keyDir], { cwd, input: envelope });
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain("cannot decrypt the value at 'db.user' (key 'k1'): it does not authenticate");
    expect(moved.stdout + moved.stderr).not.toContain('pä55');
  });

  it('takes the key directory from secrets.keyDir of config-center.yaml, and --json', async () => {
    writeFileSync(join(cwd, 'config-center.yaml'), 'secrets:\n  keyDir: keys\n');
    await runCli(['keygen', '--kid', 'k1'], { cwd });
    const sealed = await runCli(['encrypt', '--path', 'api.token', '--kid', 'k1', '--json'], { cwd, input: 'tok' });
    const output = JSON.parse(sealed.stdout) as { path: string; kid: string; value: string };
    expect(output).toMatchObject({ path: 'api.token', kid: 'k1' });
    const opened = await runCli(['decrypt', '--path', 'api.token', '--json'], { cwd, input: output.value });
    expect(JSON.parse(opened.stdout)).toEqual({ path: 'api.token', kid: 'k1', value: 'tok' });
  });

  it('says what is missing: no key directory, an unknown key id, a key file that is not 32 bytes, a malformed envelope', async () => {
    const none = await runCli(['encrypt', '--path', 'a.b', '--kid', 'k1'], { cwd, input: 'x' });
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain('no key directory: give --key-dir, CONFIG_CENTER_KEY_DIR or secrets.keyDir');

    await runCli(['keygen', '--kid', 'k1', '--key-dir', keyDir], { cwd });
    const unknown = await runCli(['encrypt', '--path', 'a.b', '--kid', 'k9', '--key-dir', keyDir], { cwd, input: 'x' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("secret key 'k9': no key with this id is held");

    const malformed = await runCli(['decrypt', '--path', 'a.b', '--key-dir', keyDir], { cwd, input: 'enc:v1:aes256gcm:k1:hunter2' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).not.toContain('hunter2');

    writeFileSync(join(keyDir, 'k4.key'), 'c2hvcnQ=');
    const short = await runCli(['encrypt', '--path', 'a.b', '--kid', 'k1', '--key-dir', keyDir], { cwd, input: 'x' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(`secret key file '${join(keyDir, 'k4.key')}': is not base64 of 32 bytes (it decodes to 5)`);
  });
});

/** What `validate --json` prints, in the fields these specs read. */
interface ValidationJson {
  problems: { path: string; message: string }[];
  uncheckedSecrets: { path: string; kid: string; source: string }[];
}

/** validate opens enc: values with the keys of the key directory, as the app would, and checks the plaintext. */
describe('config-center validate of encrypted values', () => {
  let cwd: string;
  beforeEach(() => (cwd = mkdtempSync(join(tmpdir(), 'cc-cli-secrets-validate-'))));
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('validates the plaintext with the keys; without them warns that the value was not checked, naming path and key id', async () => {
    const keyDir = join(cwd, 'keys');
    await runCli(['keygen', '--kid', 'k1', '--key-dir', keyDir], { cwd });
    const seal = async (text: string) =>
      (await runCli(['encrypt', '--path', 'greeting.message', '--kid', 'k1', '--key-dir', keyDir], { cwd, input: text })).stdout.trim();
    // greeting.message is @MaxLength(20): the envelope itself is longer, its plaintext is not.
    writeFileSync(join(cwd, 'short.yaml'), `greeting:\n  message: ${await seal('Hi there')}\n`);
    writeFileSync(join(cwd, 'long.yaml'), `greeting:\n  message: ${await seal('a-greeting-far-too-long-to-pass')}\n`);
    const validate = (file: string, env: NodeJS.ProcessEnv = { CONFIG_CENTER_KEY_DIR: keyDir }) =>
      runCli(['validate', file, '--sections', SECTIONS], { cwd, env });

    expect((await validate('short.yaml')).code).toBe(0);
    const long = await validate('long.yaml');
    expect(long.code).toBe(1);
    expect(long.stdout).toContain('greeting.message: must be shorter than or equal to 20 characters');
    expect(long.stdout + long.stderr).not.toContain('far-too-long');
    const keyless = await validate('short.yaml', {});
    expect(keyless.code).toBe(0);
    expect(keyless.stdout).toContain('warning: greeting.message: encrypted with k1; no key at hand to check its value (--key-dir)');
    writeFileSync(join(cwd, 'mixed.yaml'), `greeting:\n  message: ${await seal('Hi there')}\n  shout: loud\n`);
    const mixed = JSON.parse(
      (await runCli(['validate', 'mixed.yaml', '--sections', SECTIONS, '--json'], { cwd })).stdout,
    ) as ValidationJson;
    expect(mixed.problems.map(({ path }) => path)).toEqual(['greeting.shout']);
    expect(mixed.uncheckedSecrets).toEqual([{ path: 'greeting.message', kid: 'k1', source: 'file:mixed.yaml' }]);
    const flagged = await runCli(['validate', 'long.yaml', '--sections', SECTIONS, '--key-dir', 'keys'], { cwd });
    expect(flagged.code).toBe(1);
    expect(flagged.stdout).toContain('greeting.message: must be shorter than or equal to 20 characters');
  }, 60_000);

  it('without keys, still validates the rest of the section, and fails a malformed envelope naming its path', async () => {
    writeFileSync(join(cwd, 'bad.yaml'), 'rateLimit:\n  limit: -3\ngreeting:\n  message: enc:v1:aes256gcm:k1:hunter2\n');
    const bad = await runCli(['validate', 'bad.yaml', '--sections', SECTIONS, '--json'], { cwd });
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout) as ValidationJson;
    expect(report.problems.map((problem) => problem.path).sort()).toEqual(['greeting.message', 'rateLimit.limit']);
    expect(report.problems.find((problem) => problem.path === 'greeting.message')?.message).toContain('the encrypted value is malformed');
    expect(report.uncheckedSecrets).toEqual([]);
    expect(bad.stdout + bad.stderr).not.toContain('hunter2');
  }, 60_000);
});
