import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

const SECTIONS = join(__dirname, 'fixtures', 'weights-sections.js');

/**
 * A publish never leaves a config its own `validate` rejects: what is validated is the state the
 * write leaves — the live keys it keeps, with the proposal on top — and `diff` shows that same write.
 */
describe.each(TEST_BACKENDS)('publish validates the state it leaves, on %s', (_name, start) => {
  const prefix = '/cli-leaves-valid/orders/';
  const control = '/config-center/control/cli-leaves-valid/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const cli = (args: string[]) => runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, ...args], { cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-leaves-valid-'));
    backend = await start({ cleanup: [prefix, control] });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('refuses a change valid alone that leaves the live keys it keeps invalid, naming the path; diff shows what publish writes', async () => {
    await backend.put(`${prefix}weights/v1`, '80');
    await backend.put(`${prefix}weights/v2`, '20');
    expect(await cli(['publish', write('v1.yaml', 'weights:\n  v1: 0\n'), '-m', 'v1 off'])).toMatchObject({ code: 0 });

    const v2 = write('v2.yaml', 'weights:\n  v2: 0\n');
    const diff = await cli(['diff', v2]);
    expect(diff.stdout).toContain('0 added, 1 changed, 0 removed, 1 unchanged');
    const pruned = await cli(['diff', v2, '--prune']);
    expect(pruned.stdout).toContain('0 added, 1 changed, 1 removed, 0 unchanged');

    const refused = await cli(['publish', v2, '-m', 'v2 off']);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringContaining('weights: must give at least one name a weight above 0') });
    expect(await backend.entries(prefix)).toEqual({ 'weights/v1': '0', 'weights/v2': '20' });
    expect(await backend.get(`${control}version`)).toBe('1');
  }, 60_000);

  it('refuses to publish over an invalid live key it keeps, and publishes with --prune when the proposal drops it', async () => {
    await backend.put(`${prefix}rateLimit/ttlMs`, '-1');
    const proposal = write('limit.yaml', 'rateLimit:\n  limit: 5\nweights:\n  v1: 1\n');
    const refused = await cli(['publish', proposal, '-m', 'limit']);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringContaining('rateLimit.ttlMs') });
    expect(await backend.get(`${control}version`)).toBe('1');
    const dropped = await cli(['publish', proposal, '-m', 'limit, pruned', '--prune']);
    expect(dropped).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 2') });
    expect(await backend.entries(prefix)).toEqual({ 'rateLimit/limit': '5', 'weights/v1': '1' });
  }, 60_000);

  it('never overwrites the history: a missing or garbage counter is repaired from the records, with a warning', async () => {
    const proposal = (n: number) => write(`v${n}.yaml`, `weights:\n  v1: ${n}\n`);
    const first = JSON.parse((await backend.get(`${control}history/0000000001`))!) as { message: string };
    await backend.delete(`${control}version`);
    const missing = await cli(['publish', proposal(3), '-m', 'after the counter was deleted']);
    expect(missing).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 3') });
    expect(missing.stderr).toMatch(/warning: the version counter .*version is missing: repaired from the history, whose last version is 2/);
    expect(JSON.parse((await backend.get(`${control}history/0000000001`))!)).toMatchObject(first);

    await backend.put(`${control}version`, 'garbage');
    const garbage = await cli(['publish', proposal(4), '-m', 'after the counter was garbled']);
    expect(garbage).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 4') });
    expect(garbage.stderr).toMatch(/holds no version number: repaired from the history, whose last version is 3/);
    expect(await backend.get(`${control}version`)).toBe('4');

    // A counter behind the records (restored from an old backup): the record's key is taken, nothing is written.
    await backend.put(`${control}version`, '2');
    const behind = await cli(['publish', proposal(5), '-m', 'over version 3?']);
    expect(behind).toMatchObject({ code: 1, stderr: expect.stringContaining('conflict') });
    expect(JSON.parse((await backend.get(`${control}history/0000000003`))!)).toMatchObject({ message: 'after the counter was deleted' });
  }, 60_000);
});
