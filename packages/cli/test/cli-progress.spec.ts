import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/**
 * Progress lines on stderr, the built bin as a process against a real etcd. The specs' stderr is
 * a pipe, where progress is off unless `CONFIG_CENTER_PROGRESS=1` forces it (as a terminal would).
 */
describe('config-center progress', () => {
  const prefix = '/cli-progress/orders/';
  let cluster: EtcdCluster;
  let dir: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints.join(','), '--prefix', prefix, '--author', 'ci-bot', ...args], {
      cwd: dir,
      env,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-progress-'));
    writeFileSync(join(dir, 'v1.yaml'), 'rateLimit:\n  limit: 7\n  ttlMs: 1000\n');
    writeFileSync(join(dir, 'v2.yaml'), 'rateLimit:\n  limit: 8\n  ttlMs: 2000\n');
    cluster = await EtcdCluster.start();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('says what a forced publish and diff are doing, one short line each, with counts and no value', async () => {
    const forced = { CONFIG_CENTER_PROGRESS: '1' };
    const first = await cli(['publish', 'v1.yaml', '-m', 'first'], forced);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
    expect(first.stderr.split('\n')).toEqual([
      `reading ${prefix} … 0 keys`,
      `validating 3 sections…`,
      'committing version 1 (2 changes)…',
      '',
    ]);

    const second = await cli(['publish', 'v2.yaml', '-m', 'second'], forced);
    expect(second.stderr).toContain(`reading ${prefix} … 2 keys\nvalidating 3 sections…\ncommitting version 2 (`);
    const diff = await cli(['diff', 'v1.yaml'], forced);
    expect(diff).toMatchObject({ code: 0, stderr: `reading ${prefix} … 2 keys\n` });
    expect(first.stderr + second.stderr + diff.stderr).not.toMatch(/1000|2000/);
  }, 60_000);

  it('says nothing on a pipe, and nothing with --json even when forced', async () => {
    const piped = await cli(['publish', 'v1.yaml', '-m', 'piped']);
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    const json = await cli(['publish', 'v2.yaml', '-m', 'json', '--json'], { CONFIG_CENTER_PROGRESS: '1' });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: false });
  }, 60_000);
});
