import { Logger, type LoggerService } from '@nestjs/common';
import { ConfigSourceError } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import {
  canaryReleaseKey,
  controlPrefixFor,
  EtcdConfigSource,
  instanceReportsPrefix,
  type EtcdConfigSourceOptions,
} from '@config-center/etcd';
import { Range, type Etcd3 } from 'etcd3';
import { EtcdCluster, TcpCutProxy, enableAuth, waitFor } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

const ROOT_PASSWORD = 'root-Pa55-7f3e9';
const READER_PASSWORD = 'reader-Pa55-1c9b4';
const OUTSIDER_PASSWORD = 'outsider-Pa55-88d2a';
const NO_CANARY_PASSWORD = 'nocanary-Pa55-3b7e1';
const WRONG_PASSWORD = 'wrong-Pa55-0e6f1';
const SECRETS = [ROOT_PASSWORD, READER_PASSWORD, OUTSIDER_PASSWORD, NO_CANARY_PASSWORD, WRONG_PASSWORD];

/** Username/password auth against an etcd started with auth enabled. */
describe('EtcdConfigSource with etcd auth', () => {
  const prefix = '/secure/app/';
  const control = controlPrefixFor(prefix);
  const logged: string[] = [];
  const capture = (...parts: unknown[]) => void logged.push(parts.map(String).join(' '));
  const logger: LoggerService = { log: capture, error: capture, warn: capture, debug: capture, verbose: capture };
  let cluster: EtcdCluster;
  let root: Etcd3;
  const sources: EtcdConfigSource[] = [];

  const source = (username: string, password: string, options: Partial<EtcdConfigSourceOptions> = {}) => {
    const auth = { username, password };
    const created = new EtcdConfigSource({ hosts: cluster.endpoints, prefix, auth, reconcileIntervalMs: 0, ...options });
    sources.push(created);
    return created;
  };
  const expectNoSecret = (text: string) => SECRETS.forEach((secret) => expect(text).not.toContain(secret));

  beforeAll(async () => {
    Logger.overrideLogger(logger);
    cluster = await EtcdCluster.start();
    await enableAuth(cluster, ROOT_PASSWORD, [
      { name: 'reader', password: READER_PASSWORD, readPrefixes: [prefix] },
      { name: 'outsider', password: OUTSIDER_PASSWORD, readPrefixes: ['/secure/other/'] },
      // The config prefix and its own record, but not the canary area: a role missing one grant.
      { name: 'nocanary', password: NO_CANARY_PASSWORD, readPrefixes: [prefix], readWritePrefixes: [instanceReportsPrefix(control)] },
    ]);
    root = cluster.client({ auth: { username: 'root', password: ROOT_PASSWORD } });
    await root.put(`${prefix}limit`).value('5');
  }, 30_000);
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await cluster?.stop();
    expect(logged.length).toBeGreaterThan(0);
    expectNoSecret(logged.join('\n'));
  }, 30_000);

  it('loads and watches the prefix as a user whose role can read it', async () => {
    const probe = await AppliedStateProbe.start(source('reader', READER_PASSWORD));
    try {
      expect(probe.tree).toEqual({ limit: '5' });
      await root.put(`${prefix}limit`).value('6');
      await probe.convergedOn(root, prefix);
      expect(probe.tree).toEqual({ limit: '6' });
      expectNoSecret(JSON.stringify(probe.store.status()));
    } finally {
      await probe.close();
    }
  });

  it("reports 'failed' when the read permission is withdrawn, and recovers once it is back", async () => {
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    const retry = { initialDelayMs: 20, maxDelayMs: 200 };
    const probe = await AppliedStateProbe.start(source('reader', READER_PASSWORD, { hosts: proxy.endpoint, retry }), retry);
    const permission = { permission: 'Read' as const, range: Range.prefix(prefix) };
    try {
      await root.role('reader-role').revoke(permission);
      proxy.cut();
      proxy.restore();
      await waitFor(() => probe.status.state === 'failed', "the source to report 'failed'", 10_000);
      expect(probe.status.lastError?.message).toContain(`'${prefix}' at ${proxy.endpoint} failed: permission denied`);
      await root.role('reader-role').grant(permission);
      await root.put(`${prefix}limit`).value('8');
      await probe.convergedOn(root, prefix);
      expect(probe.status.state).toBe('connected');
      expect(probe.states.slice(-2)).toEqual(['failed', 'connected']);
    } finally {
      await probe.close();
      await proxy.close();
    }
  });

  // etcd 3.4 keeps sending a watch's events after its role lost the permission (a write after the
  // revoke still arrives), so an open watch alone never tells. The access check asks etcd to count
  // the prefix on the same connection, is refused, and the source says so; reconcile stays off.
  it("notices a withdrawn read permission on an open watch, with no reconnect, and reports 'failed'", async () => {
    const retry = { initialDelayMs: 20, maxDelayMs: 200 };
    const probe = await AppliedStateProbe.start(source('reader', READER_PASSWORD, { retry, accessCheckIntervalMs: 300 }), retry);
    const permission = { permission: 'Read' as const, range: Range.prefix(prefix) };
    try {
      await root.role('reader-role').revoke(permission);
      await waitFor(() => probe.status.state === 'failed', "the source to report 'failed'", 10_000);
      expect(probe.status.lastError?.message).toContain(`prefix '${prefix}' at ${cluster.endpoints[0]} failed: permission denied`);
    } finally {
      await root.role('reader-role').grant(permission);
      await probe.close();
    }
  }, 20_000);

  it('renews its auth token when etcd invalidates it (auth disabled and enabled again)', async () => {
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    const retry = { initialDelayMs: 20, maxDelayMs: 200 };
    const probe = await AppliedStateProbe.start(source('reader', READER_PASSWORD, { hosts: proxy.endpoint, retry }), retry);
    try {
      await cluster.etcdctl(['auth', 'disable'], `root:${ROOT_PASSWORD}`);
      await cluster.etcdctl(['auth', 'enable']);
      proxy.cut();
      proxy.restore();
      await root.put(`${prefix}limit`).value('9');
      await probe.convergedOn(root, prefix);
      expect(probe.states).toEqual(['connected', 'reconnecting', 'connected']);
    } finally {
      await probe.close();
      await proxy.close();
    }
  });

  it("fails fast with 'permission denied' naming the prefix when the role cannot read it", async () => {
    // Fast, without a stopwatch: the error is etcd's answer (no deadline ran out) and not recoverable,
    // so nothing retries it; a retry loop would run into the test's timeout.
    const error: ConfigSourceError = await source('outsider', OUTSIDER_PASSWORD)
      .load()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error.recoverable).toBe(false);
    expect(error.message).toBe(
      `Config source 'etcd:${prefix}': reading prefix '${prefix}' at ${cluster.endpoints[0]} failed: ` +
        "permission denied on this prefix for user 'outsider': the user's roles do not let it read there " +
        '(7 PERMISSION_DENIED: etcdserver: permission denied)',
    );
  });

  it('names the canary record and the missing Read when the role can read the prefix but not the canary area', async () => {
    const report = { instanceId: 'nocanary-1', ttlSeconds: 5 };
    const error: ConfigSourceError = await source('nocanary', NO_CANARY_PASSWORD, { report })
      .load()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error.recoverable).toBe(false);
    expect(error.message).toBe(
      `Config source 'etcd:${prefix}': reading its canary record '${canaryReleaseKey(control)}' at ${cluster.endpoints[0]} failed: ` +
        "permission denied on this key for user 'nocanary': the user's roles do not let it read there " +
        `(7 PERMISSION_DENIED: etcdserver: permission denied); an instance that reports follows canaries: grant its role Read on '${control}canary/'`,
    );
  });

  it('fails fast and clearly with wrong credentials, and shows no password in status()', async () => {
    // A startup timeout longer than the test's: load() returning at all shows it did not wait it out.
    const store = new ConfigStore({ sources: [source('reader', WRONG_PASSWORD)], failFast: false, startupTimeoutMs: 60_000 });
    await store.load();
    const [status] = store.status().sources;
    expect(status.state).toBe('failed');
    expect(status.lastError?.message).toMatch(
      /reading prefix '\/secure\/app\/' at 127\.0\.0\.1:\d+ failed: authentication failed for user 'reader': wrong user name or password \(auth\.username and auth\.password\) \(.+\)$/,
    );
    expectNoSecret(JSON.stringify(store.status()));
    await store.close();
  });

  it('refuses to start with failFast and a user that cannot read, naming the cause', async () => {
    const store = new ConfigStore({ sources: [source('outsider', OUTSIDER_PASSWORD)], startupTimeoutMs: 3000 });
    const failure: Error = await store.load().catch((e) => e);
    expect(failure.message).toMatch(
      /startup failed.*permission denied on this prefix for user 'outsider': the user's roles do not let it read there/,
    );
    expectNoSecret(failure.message);
  });
});
