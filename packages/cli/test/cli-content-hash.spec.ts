import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS, type CliRun } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** A 6-digit secret: from an unkeyed sha256 of the content it comes back in a million tries. */
const PIN = '482913';
const HASH_KEY = 'operators-hash-key-5150';

/**
 * The content hash `publish`, `rollback`, `history` and `show` print, the built bin as a process: never
 * the full, unkeyed sha256 of the content (from which a short secret in it can be recovered), but
 * this run's short keyed hash (as `diff` shows), or an HMAC under `CONFIG_CENTER_HASH_KEY`, the same
 * in every run. The stored hash still finds changes made outside the CLI (cli-outside-changes.spec.ts).
 */
describe.each(TEST_BACKENDS)('config-center prints no guessable content hash, on %s', (_name, start) => {
  const prefix = '/cli-content-hash/orders/';
  const control = '/config-center/control/cli-content-hash/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const cli = (args: string[], env?: NodeJS.ProcessEnv) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir, env });
  /** The unkeyed sha256 of each version's content, as the issue computed it: JSON of its entries in key order. */
  const digests: string[] = [];
  const digestOf = (content: Record<string, string>) =>
    createHash('sha256')
      .update(JSON.stringify(Object.entries(content).sort(([a], [b]) => (a < b ? -1 : 1))))
      .digest('hex');
  const holdsNoDigest = (run: CliRun) => {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const digest of digests) expect(run.stdout).not.toContain(digest.slice(0, 16));
    expect(run.stdout).not.toMatch(/sha256|[0-9a-f]{32}/);
    return run.stdout;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-content-hash-'));
    backend = await start({ cleanup: [prefix, control] });
    writeFileSync(join(dir, 'v1.yaml'), `rateLimit:\n  limit: 5\ngreeting:\n  message: '${PIN}'\n`);
    writeFileSync(join(dir, 'v2.yaml'), 'rateLimit:\n  limit: 8\n');
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('publish, rollback, history and show print a short hash keyed per run', async () => {
    const published = await cli(['publish', 'v1.yaml', '-m', 'first', '--json']);
    digests.push(digestOf(await backend.entries(prefix)));
    expect(JSON.parse(holdsNoDigest(published)).hash).toMatch(/^#[0-9a-f]{8}$/);
    holdsNoDigest(await cli(['publish', 'v2.yaml', '-m', 'second', '--prune']));
    digests.push(digestOf(await backend.entries(prefix)));
    const rolledBack = await cli(['rollback', '1', '-m', 'back', '--json']);
    expect(JSON.parse(holdsNoDigest(rolledBack)).hash).toMatch(/^#[0-9a-f]{8}$/);
    expect(await backend.entries(prefix)).toMatchObject({ 'greeting/message': PIN });
    await backend.put(`${prefix}rateLimit/limit`, '9');

    const history = JSON.parse(holdsNoDigest(await cli(['history', '--json'])));
    expect(history.map(({ hash }: { hash: string }) => hash)).toEqual([
      expect.stringMatching(/^#[0-9a-f]{8}$/),
      expect.stringMatching(/^#[0-9a-f]{8}$/),
      history[0].hash,
    ]);
    expect(history[2].changedOutside.hash).toMatch(/^#[0-9a-f]{8}$/);
    expect(history[2].changedOutside.hash).not.toBe(history[2].hash);
    expect(holdsNoDigest(await cli(['history']))).toMatch(/^1 {2}\S+ {2}ops {2}#[0-9a-f]{8} {2}first$/m);
    expect(JSON.parse(holdsNoDigest(await cli(['show', '1', '--json']))).hash).toMatch(/^#[0-9a-f]{8}$/);
    holdsNoDigest(await cli(['show', '1']));

    const again = JSON.parse(holdsNoDigest(await cli(['history', '--json'])));
    expect(again[0].hash).not.toBe(history[0].hash);
  }, 120_000);

  it('prints an HMAC under CONFIG_CENTER_HASH_KEY, the same in every run', async () => {
    const env = { CONFIG_CENTER_HASH_KEY: HASH_KEY };
    const first = JSON.parse(holdsNoDigest(await cli(['history', '--json'], env)));
    const second = JSON.parse(holdsNoDigest(await cli(['history', '--json'], env)));
    expect(first.map(({ hash }: { hash: string }) => hash)).toEqual([
      expect.stringMatching(/^hmac:[0-9a-f]{16}$/),
      expect.stringMatching(/^hmac:[0-9a-f]{16}$/),
      first[0].hash,
    ]);
    const hashes = (versions: { hash: string; changedOutside?: { hash: string } }[]) =>
      versions.map(({ hash, changedOutside }) => [hash, changedOutside?.hash]);
    expect(hashes(second)).toEqual(hashes(first));
    expect(first[2].changedOutside.hash).toMatch(/^hmac:[0-9a-f]{16}$/);
    expect(JSON.parse(holdsNoDigest(await cli(['show', '3', '--json'], env))).hash).toBe(first[0].hash);
    const other = JSON.parse(holdsNoDigest(await cli(['history', '--json'], { CONFIG_CENTER_HASH_KEY: 'another-key' })));
    expect(other[0].hash).toMatch(/^hmac:/);
    expect(other[0].hash).not.toBe(first[0].hash);
  }, 60_000);
});
