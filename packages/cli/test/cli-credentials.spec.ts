import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SECTIONS, type CliRun } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS, TEST_BACKENDS, type CliTestBackend } from './support/test-backends';

const PASSWORD = 'pw-in-endpoint-never-printed-5521';

/** The user-info forms of one address (`127.0.0.1:2379` or `http://127.0.0.1:8500`) the CLI must refuse. */
function credentialed(backend: CliTestBackend): string[] {
  const address = backend.flags[1];
  const hostPort = address.replace(/^[a-z]+:\/\//, '');
  if (backend.name === 'Consul') return [`http://root:${PASSWORD}@${hostPort}`, `http://root@${hostPort}`, `root:${PASSWORD}@${hostPort}`];
  return [
    `https://root:${PASSWORD}@${hostPort}`,
    `root:${PASSWORD}@${hostPort}`,
    `dns:///root:${PASSWORD}@${hostPort}`,
    `dns:root:${PASSWORD}@${hostPort}`,
  ];
}

/**
 * An endpoint written with `user:password@`, from a flag, the environment or the project file: the
 * CLI refuses it (exit 2) before it connects, naming where it came from and where credentials go,
 * and prints no password. Before the refusal, etcd's error quoted it (`dns:root:…@host`).
 */
describe.each(TEST_BACKENDS)('config-center refuses an endpoint with credentials, on %s', (_name, start) => {
  const prefix = '/cli-credentials/orders/';
  let backend: CliTestBackend;
  let dir: string;
  const flag = () => (backend.name === 'etcd' ? '--etcd' : '--consul');
  const variable = () => (backend.name === 'etcd' ? 'CONFIG_CENTER_ETCD' : 'CONFIG_CENTER_CONSUL');
  const insteadOf = () =>
    backend.name === 'etcd'
      ? 'the user and password as CONFIG_CENTER_ETCD_USERNAME and CONFIG_CENTER_ETCD_PASSWORD, or etcd.username and etcd.password'
      : 'the ACL token with --token or CONFIG_CENTER_TOKEN (or consul.token)';
  const what = (origin: string, position = 1) =>
    backend.name === 'etcd' ? `etcd endpoint ${position} of ${origin}` : `the Consul address of ${origin}`;
  /** The one line of a refused run: exit 2, nothing on stdout, no password anywhere. */
  const refusal = (run: CliRun) => {
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain('root');
    return run.stderr.trim();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-credentials-'));
    writeFileSync(join(dir, 'proposal.yaml'), 'rateLimit:\n  limit: 7\n');
    backend = await start({ cleanup: [prefix] });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('refuses each form given as a flag, and writes nothing', async () => {
    for (const endpoint of credentialed(backend)) {
      const run = await runCli(['--sections', SECTIONS, flag(), endpoint, '--prefix', prefix, 'publish', 'proposal.yaml', '-m', 'm'], {
        cwd: dir,
      });
      expect(refusal(run)).toBe(
        `config-center: ${what(flag())} carries a user name or password: give the address alone, and ${insteadOf()}`,
      );
    }
    expect(await backend.entries(prefix)).toEqual({});
  }, 60_000);

  it('refuses it from the environment and from the project file, naming where it came from', async () => {
    const [endpoint] = credentialed(backend);
    const listed = backend.name === 'etcd' ? `${backend.flags[1]},${endpoint}` : endpoint;
    const fromEnv = await runCli(['--prefix', prefix, 'history', '--json'], { cwd: dir, env: { [variable()]: listed } });
    expect(refusal(fromEnv)).toContain(`${what(`$${variable()}`, 2)} carries a user name or password`);

    const file = join(dir, 'config-center.yaml');
    const section = backend.name === 'etcd' ? `etcd:\n  endpoints: ['${endpoint}']\n` : `consul:\n  url: '${endpoint}'\n`;
    writeFileSync(file, `${section}prefix: ${prefix}\n`);
    try {
      const fromFile = await runCli(['history'], { cwd: dir });
      const origin = backend.name === 'etcd' ? `etcd.endpoints of ${file}` : `consul.url of ${file}`;
      expect(refusal(fromFile)).toContain(`${what(origin)} carries a user name or password`);
    } finally {
      rmSync(file);
    }
  }, 60_000);
});
