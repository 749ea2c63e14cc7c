import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/**
 * `diff VERSION [VERSION]`, and changes made outside the CLI in `history`, `diff` and `publish`,
 * against a real etcd and against Consul (whose `ModifyIndex` stands for etcd's mod revision).
 */
describe.each(TEST_BACKENDS)('config-center diff VERSION, and changes made outside the CLI, on %s', (_name, start) => {
  const prefix = '/cli-outside/orders/';
  const control = '/config-center/control/cli-outside/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-outside-'));
    backend = await start({ cleanup: [prefix, control] });
    write('v1.yaml', 'rateLimit:\n  limit: 5\n  ttlMs: 1000\ngreeting:\n  message: secret-v1-8830\n');
    write('v2.yaml', 'rateLimit:\n  limit: 8\n  ttlMs: 1000\nfeatures:\n  checkout: true\n');
    expect((await cli(['publish', 'v1.yaml', '-m', 'first'])).code).toBe(0);
    expect((await cli(['publish', 'v2.yaml', '-m', 'second', '--prune'])).code).toBe(0);
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('diffs two versions, and a version against the live keys, values hidden unless --show-values', async () => {
    const run = await cli(['diff', '1', '2']);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .replace(/#[0-9a-f]{8}/g, '#hash')
        .trim()
        .split('\n'),
    ).toEqual([
      'version 1 → version 2',
      '+ features/checkout  #hash',
      '- greeting/message  #hash',
      '~ rateLimit/limit  #hash → #hash',
      `${backend.stored(prefix)}: 1 added, 1 changed, 1 removed, 1 unchanged`,
    ]);
    expect(run.stdout).not.toContain('secret-v1-8830');
    expect((await cli(['diff', '1', '2', '--show-values'])).stdout).toContain('- greeting/message  "secret-v1-8830"');

    const live = JSON.parse((await cli(['diff', '2', '--json'])).stdout);
    expect(live).toEqual({ prefix: backend.stored(prefix), from: 'version 2', to: 'live', changes: [], unchanged: 3 });
    const back = JSON.parse((await cli(['diff', '2', '1', '--json', '--show-values'])).stdout);
    expect(back.changes).toContainEqual({
      kind: 'added',
      key: 'greeting/message',
      after: { hash: expect.any(String), value: 'secret-v1-8830' },
    });
  }, 60_000);

  it('tells a version from a proposal: a whole number that is an existing file or directory is the proposal', async () => {
    mkdirSync(join(dir, '2'));
    write('2/rateLimit.yaml', 'limit: 9\nttlMs: 1000\n');
    write('2/features.yaml', 'checkout: true\n');
    const file = JSON.parse((await cli(['diff', '2', '--json'])).stdout);
    expect(file.from).toBeUndefined();
    expect(file.changes.map((change: { key: string }) => change.key)).toEqual(['rateLimit/limit']);
    rmSync(join(dir, '2'), { recursive: true });
    expect(await cli(['diff', 'v1.yaml', '2'])).toMatchObject({ code: 2, stderr: expect.stringContaining('only after a VERSION') });
    expect(await cli(['diff', '7'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no version 7 in the history') });
    expect((await runCli(['diff', '--help'], { cwd: dir })).stdout).toContain('a whole number and not an existing file is a VERSION');
  }, 60_000);

  it('shows changes made outside the CLI since the last version in history, diff and publish', async () => {
    expect((await cli(['history'])).stdout).not.toContain('(live)');
    await backend.put(`${prefix}rateLimit/limit`, 'outside-value-6629');
    await backend.put(`${prefix}rateLimit/ttlMs`, '1000');
    await backend.put(`${prefix}greeting/shout`, 'true');
    await backend.delete(`${prefix}features/checkout`);

    const history = await cli(['history']);
    expect(history.stdout.trim().split('\n').at(-1)).toBe(
      '*  (live)  changed outside the CLI since version 2: 1 changed, 1 added, 1 removed',
    );
    const last = JSON.parse((await cli(['history', '--json'])).stdout).at(-1);
    expect(last.changedOutside).toEqual({
      since: 2,
      hash: expect.stringMatching(/^#[0-9a-f]{8}$/),
      changes: [
        { kind: 'removed', key: 'features/checkout', before: { hash: expect.any(String) } },
        { kind: 'added', key: 'greeting/shout', after: { hash: expect.any(String) } },
        { kind: 'changed', key: 'rateLimit/limit', before: { hash: expect.any(String) }, after: { hash: expect.any(String) } },
      ],
      duringPublish: [],
    });
    expect(last.changedOutside.hash).not.toBe(last.hash);

    const diff = await cli(['diff', 'v2.yaml']);
    expect(diff.stdout).toContain('note: the live state was changed outside the CLI since version 2: 1 changed, 1 added, 1 removed');
    expect(JSON.parse((await cli(['diff', 'v2.yaml', '--json'])).stdout).changedOutside).toMatchObject({ since: 2 });
    const publish = await cli(['publish', write('v3.yaml', 'rateLimit:\n  limit: 4\n'), '-m', 'third']);
    expect(publish).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`note: ${backend.stored(prefix)} was changed outside the CLI since version 2`),
    });
    expect((await cli(['history'])).stdout).not.toContain('(live)');
    expect(history.stdout + diff.stdout + publish.stdout).not.toContain('6629');
  }, 60_000);

  it('tells keys written while the last version was being published (unseen by its compares) from later ones', async () => {
    const record = `${control}history/0000000003`;
    await backend.put(`${prefix}race/created`, 'x');
    // The record's key mod revision (Consul: ModifyIndex) is the revision its publish committed at:
    // rewritten unchanged after the key, it stands for a publish that committed after another
    // writer created the key.
    await backend.put(record, (await backend.get(record))!);
    await backend.put(`${prefix}later/created`, 'y');
    const { changedOutside } = JSON.parse((await cli(['history', '--json'])).stdout).at(-1);
    expect(changedOutside.changes.map((change: { key: string }) => change.key)).toEqual(['later/created', 'race/created']);
    expect(changedOutside.duringPublish).toEqual(['race/created']);
    expect((await cli(['history'])).stdout).toContain(
      'changed outside the CLI since version 3: 2 added (1 written while version 3 was being published, unseen by its compares)',
    );
  }, 60_000);
});
