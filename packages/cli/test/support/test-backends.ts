import { ConsulConfigSource } from '@config-center/consul';
import type { ConfigSource } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { ConsulTestServer, EtcdCluster, type ConsulTestAcl } from '@config-center/testing/harness';
import type { Etcd3 } from 'etcd3';

/**
 * A backend the CLI specs run against, as the specs see it: the flags that select it, and reads
 * and writes around the CLI. Keys are named as the specs name them (`/cli-diff/orders/…`); Consul
 * stores them without the leading `/`, as the CLI maps them.
 */
export interface CliTestBackend {
  readonly name: 'etcd' | 'Consul';
  /** The flags that point the CLI at this backend (endpoint, and token when there is one). */
  readonly flags: readonly string[];
  /** A key or prefix as this backend stores it. */
  stored(key: string): string;
  /** How the CLI names the backend at `address` (default: this one) with `prefix`: `etcd at …, prefix '…'`. */
  describe(prefix: string, address?: string): string;
  /** The flags that point the CLI at `127.0.0.1:port`, where nothing listens. */
  flagsFor(port: number): string[];
  /** The project file's lines that select this backend (`etcd:` / `consul:`). */
  readonly projectFile: string;
  /** Environment variables holding a credential the CLI must never print. */
  readonly secretEnv: Readonly<Record<string, string>>;
  /** The source an app reads `prefix` with from this backend: its own, as it would be configured. */
  appSource(prefix: string): ConfigSource;
  put(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Deletes one key, as another tool would. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (relative to it) → its value as text. */
  entries(prefix: string): Promise<Record<string, string>>;
  /** Every key under `prefix` (relative to it) → its value's bytes in hex. */
  rawEntries(prefix: string): Promise<Record<string, string>>;
  /**
   * What the backend does to old data behind a client's back: etcd compacts its history and
   * defragments; the Consul test server reaps its tombstones (a real agent: nothing).
   */
  maintain(): Promise<void>;
  /** Stops what was started (on a real Consul agent: deletes `cleanup` prefixes). */
  stop(): Promise<void>;
}

/** How to start a backend; `consulAcl` applies to the Consul test server only. */
export interface TestBackendOptions {
  /** Prefixes a real Consul agent is cleared of before and after (the test server starts empty). */
  readonly cleanup?: readonly string[];
  readonly consulAcl?: ConsulTestAcl;
  /** The token the CLI and the spec's own writes send to Consul. */
  readonly consulToken?: string;
}

/** Jest's timeout for a hook that starts or stops a backend, on a loaded 2-core machine. */
export const BACKEND_HOOK_TIMEOUT_MS = 60_000;

/**
 * The backends every CLI spec runs against: a real etcd started by the harness, and Consul — a real
 * agent when `CONSUL_HTTP_ADDR` is set (with `CONSUL_HTTP_TOKEN`), else the harness's test server.
 */
export const TEST_BACKENDS: readonly (readonly [string, (options?: TestBackendOptions) => Promise<CliTestBackend>])[] = [
  ['etcd', startEtcd],
  [process.env.CONSUL_HTTP_ADDR ? `the Consul agent at ${process.env.CONSUL_HTTP_ADDR}` : 'the Consul test server', startConsul],
];

async function startEtcd(): Promise<CliTestBackend> {
  const cluster = await EtcdCluster.start();
  const client: Etcd3 = cluster.client();
  const relative = async (prefix: string, encode: (value: Buffer) => string) => {
    const { kvs } = await client.getAll().prefix(prefix).exec();
    return Object.fromEntries(kvs.map((kv) => [kv.key.toString('utf8').slice(prefix.length), encode(kv.value)]));
  };
  return {
    name: 'etcd',
    flags: ['--etcd', cluster.endpoints.join(',')],
    stored: (key) => key,
    describe: (prefix, address = cluster.endpoints.join(', ')) => `etcd at ${address}, prefix '${prefix}'`,
    flagsFor: (port) => ['--etcd', `127.0.0.1:${port}`],
    projectFile: `etcd:\n  endpoints: ${cluster.endpoints.join(',')}\n`,
    secretEnv: { CONFIG_CENTER_ETCD_USERNAME: 'root', CONFIG_CENTER_ETCD_PASSWORD: 'pw-never-printed-17' },
    appSource: (prefix) => new EtcdConfigSource({ hosts: cluster.endpoints, prefix }),
    put: async (key, value) => void (await client.put(key).value(value)),
    get: async (key) => (await client.get(key).string()) ?? undefined,
    delete: async (key) => void (await client.delete().key(key)),
    entries: (prefix) => relative(prefix, (value) => value.toString('utf8')),
    rawEntries: (prefix) => relative(prefix, (value) => value.toString('hex')),
    maintain: async () => {
      await cluster.compact();
      await cluster.etcdctl(['defrag']);
    },
    stop: async () => {
      client.close();
      await cluster.stop();
    },
  };
}

async function startConsul(options: TestBackendOptions = {}): Promise<CliTestBackend> {
  const agent = process.env.CONSUL_HTTP_ADDR;
  const server = agent ? undefined : await ConsulTestServer.start({ acl: options.consulAcl });
  const url = agent ? (/^[a-z]+:\/\//.test(agent) ? agent : `http://${agent}`) : server!.url;
  const token = options.consulToken ?? (agent ? process.env.CONSUL_HTTP_TOKEN || undefined : undefined);
  const stored = (key: string) => key.replace(/^\/+/, '');
  const call = async (method: string, key: string, query = '', body?: string) => {
    const path = stored(key).split('/').map(encodeURIComponent).join('/');
    const response = await fetch(`${url}/v1/kv/${path}${query}`, { method, body, headers: token ? { 'X-Consul-Token': token } : {} });
    if (!response.ok && response.status !== 404) throw new Error(`Consul answered ${response.status} to ${method} ${key}`);
    return response;
  };
  const list = async (prefix: string) => {
    const response = await call('GET', prefix, '?recurse');
    const entries = response.status === 404 ? [] : ((await response.json()) as { Key: string; Value: string | null }[]);
    return entries.map(({ Key, Value }) => [Key.slice(stored(prefix).length), Buffer.from(Value ?? '', 'base64')] as const);
  };
  const cleanup = async () => {
    for (const prefix of options.cleanup ?? []) await call('DELETE', prefix, '?recurse');
  };
  if (agent) await cleanup();
  return {
    name: 'Consul',
    flags: ['--consul', url, ...(token ? ['--token', token] : [])],
    stored,
    describe: (prefix, address = url) => `Consul at ${address}, prefix '${stored(prefix)}'`,
    flagsFor: (port) => ['--consul', `http://127.0.0.1:${port}`],
    projectFile: `consul:\n  url: ${url}\n${token ? `  token: ${token}\n` : ''}`,
    secretEnv: { CONFIG_CENTER_TOKEN: 'token-never-printed-17' },
    appSource: (prefix) => new ConsulConfigSource({ url, prefix: stored(prefix), token }),
    put: async (key, value) => void (await call('PUT', key, '', value)),
    get: async (key) => {
      const response = await call('GET', key, '?raw');
      return response.status === 404 ? undefined : await response.text();
    },
    delete: async (key) => void (await call('DELETE', key)),
    entries: async (prefix) => Object.fromEntries((await list(prefix)).map(([key, value]) => [key, value.toString('utf8')])),
    rawEntries: async (prefix) => Object.fromEntries((await list(prefix)).map(([key, value]) => [key, value.toString('hex')])),
    maintain: async () => server?.state.reapTombstones(),
    stop: async () => {
      if (agent) await cleanup();
      await server?.close();
    },
  };
}
