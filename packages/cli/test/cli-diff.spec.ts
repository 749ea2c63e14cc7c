import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@config-center/testing/harness';
import { runCli } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** `config-center diff`, the built bin as a process, against the live keys of a real etcd and of Consul. */
describe.each(TEST_BACKENDS)('config-center diff on %s', (_name, start) => {
  const prefix = '/cli-diff/orders/';
  let backend: CliTestBackend;
  let dir: string;
  /** Whether output holds an ANSI colour sequence. */
  const coloured = (text: string) => text.includes('\u001b[');
  const diff = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['diff', 'proposal.yaml', ...backend.flags, '--prefix', prefix, ...args], { cwd: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-diff-'));
    backend = await start({ cleanup: ['/cli-diff/'] });
    await backend.put(`${prefix}rateLimit/limit`, '5');
    await backend.put(`${prefix}rateLimit/ttlMs`, '1000');
    await backend.put(`${prefix}greeting/message`, 'live-secret-4417');
    await backend.put('/cli-diff/other/rateLimit/limit', '1');
    writeFileSync(
      join(dir, 'proposal.yaml'),
      'rateLimit:\n  limit: 7\n  ttlMs: 1000\ngreeting:\n  shout: true\n  words: [proposed-secret-9926]\n',
    );
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('lists the keys the same publish would add and change, keeping the live keys the proposal does not hold', async () => {
    const run = await diff([]);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => line.replace(/#[0-9a-f]{8}/g, '#hash')),
    ).toEqual([
      '+ greeting/shout  #hash',
      '+ greeting/words  #hash',
      '~ rateLimit/limit  #hash → #hash',
      `${backend.stored(prefix)}: 2 added, 1 changed, 0 removed, 2 unchanged`,
    ]);
  }, 60_000);

  it('lists added, changed and removed keys with --prune, plain when not a terminal, values hidden', async () => {
    const run = await diff(['--prune']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(/#[0-9a-f]{8}/g, '#hash'))).toEqual([
      '- greeting/message  #hash',
      '+ greeting/shout  #hash',
      '+ greeting/words  #hash',
      '~ rateLimit/limit  #hash → #hash',
      `${backend.stored(prefix)}: 2 added, 1 changed, 1 removed, 1 unchanged`,
    ]);
    expect(coloured(run.stdout)).toBe(false);
    expect(run.stdout).not.toMatch(/secret|"7"|'7'/);
    const [, before, after] = /~ rateLimit\/limit {2}#([0-9a-f]{8}) → #([0-9a-f]{8})/.exec(run.stdout)!;
    expect(before).not.toBe(after);
  }, 60_000);

  it('shows values with --show-values, and colours only a terminal without NO_COLOR', async () => {
    const shown = await diff(['--show-values', '--prune']);
    expect(shown.stdout).toContain('- greeting/message  "live-secret-4417"');
    expect(shown.stdout).toContain('+ greeting/words  "[\\"proposed-secret-9926\\"]"');
    expect(shown.stdout).toContain('~ rateLimit/limit  "5" → "7"');

    expect(coloured((await diff([], { FORCE_COLOR: '1' })).stdout)).toBe(true);
    expect(coloured((await diff([], { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout)).toBe(false);
  }, 60_000);

  it('prints the diff as JSON with --json, hashes only unless --show-values', async () => {
    const run = await diff(['--json', '--prune']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ prefix: backend.stored(prefix), unchanged: 1 });
    expect(report.changes.map((c: { kind: string; key: string }) => `${c.kind} ${c.key}`)).toEqual([
      'removed greeting/message',
      'added greeting/shout',
      'added greeting/words',
      'changed rateLimit/limit',
    ]);
    expect(report.changes[3]).toEqual({
      kind: 'changed',
      key: 'rateLimit/limit',
      before: { hash: expect.stringMatching(/^[0-9a-f]{8}$/) },
      after: { hash: expect.stringMatching(/^[0-9a-f]{8}$/) },
    });
    const shown = JSON.parse((await diff(['--json', '--show-values', '--prune'])).stdout);
    expect(shown.changes[3]).toMatchObject({ before: { value: '5' }, after: { value: '7' } });
  }, 60_000);

  it('exits 2 without a proposal or a prefix, and 3 for a backend it cannot reach', async () => {
    expect(await runCli(['diff'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("missing required argument 'target'"),
    });
    expect(await runCli(['diff', 'proposal.yaml', ...backend.flags], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--prefix'),
    });
    const closed = backend.flagsFor(await freePort());
    const run = await runCli(['diff', 'proposal.yaml', ...closed, '--prefix', prefix], { cwd: dir });
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toContain(`cannot read from ${backend.describe(prefix, closed[1])}: connection refused: nothing listens at the`);
    expect(run.stderr).toContain(`(connect ECONNREFUSED ${closed[1].replace(/^http:\/\//, '')})`);
  }, 60_000);
});
