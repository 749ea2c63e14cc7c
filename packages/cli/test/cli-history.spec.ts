import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

/** `config-center history`, `show` and `rollback`, the built bin as a process, against a real etcd and against Consul. */
describe.each(TEST_BACKENDS)('config-center history, show and rollback on %s', (_name, start) => {
  const prefix = '/cli-history/orders/';
  const control = '/config-center/control/cli-history/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const cli = (args: string[]) =>
    runCli(['--sections', SECTIONS, ...backend.flags, '--prefix', prefix, '--author', 'ops', ...args], { cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-history-'));
    backend = await start({ cleanup: [prefix, control] });
    writeFileSync(
      join(dir, 'v1.yaml'),
      'rateLimit:\n  limit: 5\ngreeting:\n  message: secret-v1-3391\nnotes:\n  text: "  ünï \\"q\\"\\ttab  "\n',
    );
    writeFileSync(join(dir, 'v2.yaml'), 'rateLimit:\n  limit: 8\n  ttlMs: 2000\n');
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it("keeps the history through the backend's maintenance, and rolls back byte for byte", async () => {
    expect((await cli(['history'])).stdout).toContain('no version published yet');
    expect((await cli(['publish', 'v1.yaml', '-m', 'first'])).code).toBe(0);
    const v1 = await backend.rawEntries(prefix);
    expect(Object.keys(v1)).toEqual(['greeting/message', 'notes/text', 'rateLimit/limit']);
    expect((await cli(['publish', 'v2.yaml', '-m', 'second', '--prune'])).code).toBe(0);
    expect(await backend.rawEntries(prefix)).not.toEqual(v1);
    await backend.maintain();

    const history = await cli(['history', '--json']);
    expect(history.code).toBe(0);
    const revision = expect.stringMatching(/^\d+$/);
    expect(JSON.parse(history.stdout)).toEqual([
      { version: 1, author: 'ops', message: 'first', time: expect.any(String), hash: expect.stringMatching(/^#[0-9a-f]{8}$/), revision },
      { version: 2, author: 'ops', message: 'second', time: expect.any(String), hash: expect.stringMatching(/^#[0-9a-f]{8}$/), revision },
    ]);
    expect((await cli(['history'])).stdout).toMatch(/^1 {2}\S+ {2}ops {2}#[0-9a-f]{8} {2}first\n2 /);

    const shown = await cli(['show', '1']);
    expect(shown.stdout.split('\n').slice(1, 4)).toEqual(['greeting/message', 'notes/text', 'rateLimit/limit']);
    expect(shown.stdout).not.toContain('secret-v1-3391');
    expect((await cli(['show', '1', '--show-values'])).stdout).toContain('greeting/message = "secret-v1-3391"');
    expect(await cli(['show', '9'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`no version 9 in the history of ${backend.describe(prefix)}`),
    });

    const rollback = await cli(['rollback', '1', '-m', 'back to first']);
    expect(rollback).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 3') });
    expect(await backend.rawEntries(prefix)).toEqual(v1);
    const [first, , third] = JSON.parse((await cli(['history', '--json'])).stdout);
    expect(third).toMatchObject({ version: 3, message: 'back to first', hash: first.hash });
  }, 60_000);
});
