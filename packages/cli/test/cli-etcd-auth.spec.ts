import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, enableAuth } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS } from './support/test-backends';

const ROOT_PASSWORD = 'root-pw-never-printed-3318';
const READER_PASSWORD = 'reader-pw-never-printed-6120';
const WRONG_PASSWORD = 'wrong-pw-never-printed-9054';
const PUBLISHER_PASSWORD = 'publisher-pw-never-printed-4471';

/**
 * `config-center` against an etcd with authentication enabled, the built bin as a process: a wrong
 * password, no user, a prefix the user's roles do not grant, each one plain line (exit 3) naming the
 * endpoint, the prefix and the user, never a password.
 */
describe('config-center against etcd with authentication', () => {
  const prefix = '/cli-auth/orders/';
  const control = '/config-center/control/cli-auth/orders/';
  let cluster: EtcdCluster;
  let dir: string;
  const cli = (user: string | undefined, password: string | undefined, args: string[], on = prefix) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints[0], '--prefix', on, '--author', 'ops', ...args], {
      cwd: dir,
      env: { ...(user && { CONFIG_CENTER_ETCD_USERNAME: user }), ...(password && { CONFIG_CENTER_ETCD_PASSWORD: password }) },
    });
  /** The one line of stderr of a failed run, checked to carry no password and no stack. */
  const failure = (run: { code: number | null; stdout: string; stderr: string }) => {
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).not.toMatch(/never-printed|\n\s+at /);
    const [line, ...more] = run.stderr.trim().split('\n');
    expect(more).toEqual([]);
    return line;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-auth-'));
    writeFileSync(join(dir, 'proposal.yaml'), 'rateLimit:\n  limit: 7\n');
    cluster = await EtcdCluster.start();
    await enableAuth(cluster, ROOT_PASSWORD, [
      { name: 'reader', password: READER_PASSWORD, readPrefixes: [prefix, '/config-center/control/cli-auth/'] },
      // May publish (the prefix, the version counter, the history, the canary it checks), not read the instance records.
      {
        name: 'publisher',
        password: PUBLISHER_PASSWORD,
        readPrefixes: [`${control}canary/`],
        readWritePrefixes: [prefix, `${control}version`, `${control}history/`],
      },
    ]);
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('reads and publishes as a user whose roles grant it', async () => {
    expect(await cli('reader', READER_PASSWORD, ['diff', 'proposal.yaml'])).toMatchObject({ code: 0 });
    expect(await cli('root', ROOT_PASSWORD, ['publish', 'proposal.yaml', '-m', 'as root'])).toMatchObject({ code: 0 });
  }, 60_000);

  it('says authentication failed for the user on a wrong password, and that a user is needed when none is given', async () => {
    expect(failure(await cli('reader', WRONG_PASSWORD, ['diff', 'proposal.yaml']))).toBe(
      `config-center: cannot read from etcd at ${cluster.endpoints[0]}, prefix '${prefix}': authentication failed for user 'reader': ` +
        'wrong user name or password (CONFIG_CENTER_ETCD_USERNAME and CONFIG_CENTER_ETCD_PASSWORD, or etcd.username and etcd.password) ' +
        '(3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password)',
    );
    expect(failure(await cli(undefined, undefined, ['history']))).toContain(
      `prefix '${prefix}': etcd has authentication enabled and no user was given (CONFIG_CENTER_ETCD_USERNAME and CONFIG_CENTER_ETCD_PASSWORD`,
    );
  }, 60_000);

  it('says permission denied on the prefix for the user, reading (diff, validate) and writing (publish), and writes nothing', async () => {
    const other = '/cli-auth/other/';
    const denied = `permission denied on prefix '${other}' for user 'reader': the user's roles do not let it read there`;
    expect(failure(await cli('reader', READER_PASSWORD, ['diff', 'proposal.yaml'], other))).toContain(
      `cannot read from etcd at ${cluster.endpoints[0]}, prefix '${other}': ${denied}`,
    );
    expect(failure(await cli('reader', READER_PASSWORD, ['validate'], other))).toContain(`prefix '${other}': ${denied}`);
    const write = failure(await cli('reader', READER_PASSWORD, ['publish', 'proposal.yaml', '-m', 'as reader']));
    expect(write).toContain(
      `cannot write to etcd at ${cluster.endpoints[0]}, prefix '${prefix}': permission denied on prefix '${prefix}' and its control prefix ` +
        `'/config-center/control/cli-auth/orders/' for user 'reader': the user's roles do not let it write there`,
    );
    const history = await cli('reader', READER_PASSWORD, ['history', '--json']);
    expect(JSON.parse(history.stdout).map((version: { message: string }) => version.message)).toEqual(['as root']);
  }, 60_000);

  it('says which version was committed when --wait cannot follow the instances after the publish', async () => {
    writeFileSync(join(dir, 'wait.yaml'), 'rateLimit:\n  limit: 9\n');
    const run = await cli('publisher', PUBLISHER_PASSWORD, ['publish', 'wait.yaml', '-m', 'then wait', '--wait', '--timeout', '5']);
    // Printed the moment it committed, before the wait; the failure of the wait says it again.
    expect(run.stdout).toMatch(new RegExp(`^published version \\d+ to ${prefix} \\(0 added, 1 changed, 0 removed\\), #[0-9a-f]+\n$`));
    const line = failure({ ...run, stdout: '' });
    expect(line).toMatch(
      new RegExp(
        `^config-center: published version \\d+ to ${prefix}, #[0-9a-f]{8}; but its rollout could not be followed: cannot watch etcd at `,
      ),
    );
    expect(line).toMatch(/permission denied on .* for user 'publisher'/);
    const history = await cli('reader', READER_PASSWORD, ['history', '--json']);
    expect(JSON.parse(history.stdout).map((version: { message: string }) => version.message)).toContain('then wait');
  }, 60_000);
});
