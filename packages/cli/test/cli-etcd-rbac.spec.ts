import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster, enableAuth, waitFor } from '@config-center/testing/harness';
import type { Etcd3, Lease } from 'etcd3';
import { documentedRoleCommands } from './support/documented-etcd-roles';
import { RolloutAppProcess } from './support/rollout-app-process';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS } from './support/test-backends';

const ROOT_PASSWORD = 'root-pw-never-printed-5521';
const APP_PASSWORD = 'app-pw-never-printed-7093';
const OWN_PASSWORD = 'own-pw-never-printed-2286';
const OPERATOR_PASSWORD = 'operator-pw-never-printed-4410';
const CI_PASSWORD = 'ci-pw-never-printed-8837';

const prefix = '/cli-rbac/orders/';
const C = '/config-center/control/cli-rbac/orders/';

/**
 * The documented etcd roles on an etcd with auth on, each user as a process (the apps, the built
 * CLI): an app starts, reports and follows a canary; a per-instance app cannot touch another's
 * record, a shared-role app can, and `rollout` and `publish --wait --rollback-on-reject` ignore
 * what it forges (no lease, an id that is not its key's, a rejection of a version never published)
 * and show its control characters escaped.
 */
describe('config-center with the documented etcd roles', () => {
  let cluster: EtcdCluster;
  let dir: string;
  const apps: RolloutAppProcess[] = [];
  const clients: Etcd3[] = [];
  const leases: Lease[] = [];
  const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), name);
  const cli = (user: string, password: string, args: string[]) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.endpoints[0], '--prefix', prefix, '--author', user, ...args], {
      cwd: dir,
      env: { CONFIG_CENTER_ETCD_USERNAME: user, CONFIG_CENTER_ETCD_PASSWORD: password },
    });
  const ci = (args: string[]) => cli('orders-ci', CI_PASSWORD, args);
  const operator = (args: string[]) => cli('orders-operator', OPERATOR_PASSWORD, args);
  const clientAs = (username: string, password: string) => {
    const client = cluster.client({ auth: { username, password } });
    clients.push(client);
    return client;
  };
  const rolloutJson = async () => {
    const run = await ci(['rollout', '--json']);
    expect(run).toMatchObject({ stderr: '' });
    return JSON.parse(run.stdout) as { instances: { instanceId: string; state: string; version?: number }[]; totals: { rejected: number } };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-rbac-'));
    cluster = await EtcdCluster.start();
    await enableAuth(cluster, ROOT_PASSWORD, []);
    const passwords = { app: APP_PASSWORD, operator: OPERATOR_PASSWORD, ci: CI_PASSWORD, own: OWN_PASSWORD };
    for (const args of documentedRoleCommands(prefix, C, passwords)) await cluster.etcdctl(args, `root:${ROOT_PASSWORD}`);
    expect(await ci(['publish', write('v1.yaml', 'rateLimit:\n  limit: 5\n'), '-m', 'v1'])).toMatchObject({ code: 0 });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    apps.forEach((app) => app.kill());
    await Promise.all(leases.map((lease) => lease.revoke()));
    clients.forEach((client) => client.close());
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('an app with the app role (shared or per instance) starts, reports and follows a canary; canary status ignores a forged rejection', async () => {
    const base = { hosts: cluster.endpoints, prefix, ttlSeconds: 5 };
    apps.push(
      new RolloutAppProcess({ ...base, instanceId: 'shared-1', zone: 'a', auth: { username: 'orders-app', password: APP_PASSWORD } }),
    );
    apps.push(new RolloutAppProcess({ ...base, instanceId: 'own-1', zone: 'b', auth: { username: 'own-1', password: OWN_PASSWORD } }));
    await Promise.all(apps.map((app) => app.ready()));
    await waitFor(
      async () => (await rolloutJson()).instances.filter(({ state }) => state === 'applied').length === 2,
      'both apps to report v1 applied',
      30_000,
      100,
    );

    const started = await operator([
      'canary',
      'start',
      write('limit-8.yaml', 'rateLimit:\n  limit: 8\n'),
      '-m',
      'limit 8',
      '--labels',
      'zone=a',
    ]);
    expect(started).toMatchObject({ code: 0 });
    await waitFor(
      async () => {
        const run = await operator(['canary', 'status', '--json']);
        const status = JSON.parse(run.stdout) as { instances: { instanceId: string; state: string }[] };
        return status.instances.find(({ instanceId }) => instanceId === 'shared-1')?.state === 'applied';
      },
      'shared-1 to apply the canary',
      30_000,
      100,
    );
    // A forged member on a lease, under its own id, that "rejected" the canary at a revision after it was written.
    const shared = clientAs('orders-app', APP_PASSWORD);
    const real = JSON.parse((await shared.get(`${C}instances/shared-1`).string())!) as { canary: { source: string } };
    const canary = { ...real.canary, revision: '1000000' };
    const rejection = { source: canary.source, revision: canary.revision, kind: 'validation', issues: [], at: new Date().toISOString() };
    const lease = shared.lease(60);
    leases.push(lease);
    await lease
      .put(`${C}instances/ghost-canary`)
      .value(JSON.stringify({ ...real, instanceId: 'ghost-canary', canary, rejections: [rejection] }));
    const status = JSON.parse((await operator(['canary', 'status', '--json'])).stdout) as {
      instances: { instanceId: string; state: string }[];
    };
    expect(status.instances.find(({ instanceId }) => instanceId === 'ghost-canary')?.state).toBe('pending');
    await shared.delete().key(`${C}instances/ghost-canary`);
    expect(await operator(['canary', 'abort'])).toMatchObject({ code: 0 });
  }, 120_000);

  it("with the per-instance role an app cannot write or delete another instance's record; with the shared role it can", async () => {
    const own = clientAs('own-1', OWN_PASSWORD);
    await expect(own.delete().key(`${C}instances/shared-1`).exec()).rejects.toThrow(/permission denied/);
    await expect(own.put(`${C}instances/forged`).value('{}').exec()).rejects.toThrow(/permission denied/);

    const shared = clientAs('orders-app', APP_PASSWORD);
    const real = JSON.parse((await shared.get(`${C}instances/shared-1`).string())!) as Record<string, unknown>;
    const at = new Date().toISOString();
    const forgedRejection = {
      source: `etcd:${prefix}`,
      revision: '1000000',
      kind: 'validation',
      issues: [{ path: 'rateLimit.limit', constraint: 'forged' }],
      at,
    };
    const forged = (instanceId: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        ...real,
        instanceId,
        sources: [{ name: `etcd:${prefix}`, state: 'connected', revision: '2' }],
        rejections: [forgedRejection],
        ...extra,
      });
    // No lease; an id that is not its key's; and one on a lease, under its own id, with control characters.
    await shared.put(`${C}instances/ghost-1`).value(forged('ghost-1'));
    const lease = shared.lease(60);
    leases.push(lease);
    await lease.put(`${C}instances/ghost-2`).value(forged('shared-1'));
    const evil = 'evil\x1b[2J\x1b]0;pwned\x07';
    await lease.put(`${C}instances/${evil}`).value(forged(evil, { labels: { zone: 'a\nforged line' } }));
    await shared.delete().key(`${C}instances/own-1`);
    expect(await shared.get(`${C}instances/own-1`).string()).toBeNull();
  }, 60_000);

  it('rollout and publish --wait --rollback-on-reject ignore the forged records, and rollout shows no control character raw', async () => {
    const published = await ci([
      'publish',
      write('v2.yaml', 'rateLimit:\n  limit: 6\n'),
      '-m',
      'v2',
      '--wait',
      '60',
      '--timeout',
      '60',
      '--rollback-on-reject',
    ]);
    expect(published).toMatchObject({ code: 0 });
    expect(published.stdout).toMatch(/rollout: 2\/3 applied v2/);

    const view = await rolloutJson();
    expect(view.totals.rejected).toBe(0);
    expect(Object.fromEntries(view.instances.map(({ instanceId, state }) => [instanceId, state]))).toEqual({
      'evil\x1b[2J\x1b]0;pwned\x07': 'behind',
      'own-1': 'applied',
      'shared-1': 'applied',
    });
    const text = await ci(['rollout']);
    for (const raw of ['\x1b', '\x07', '\nforged line']) expect(text.stdout).not.toContain(raw);
    expect(text.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07');
    expect(text.stdout).toContain('zone=a\\nforged line');
    expect(text.stdout).toContain(`unreadable record ${C}instances/ghost-1: it holds no lease`);
    expect(text.stdout).toContain(`unreadable record ${C}instances/ghost-2: its instanceId does not match its key`);
  }, 120_000);
});
