import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConsulTestServer, TcpCutProxy, type ConsulOutageMode, type ConsulTestAcl } from '@config-center/testing/harness';
import { ConsulKvWriter } from './consul-kv-writer';

/**
 * The Consul the backend-agnostic suites run against: a real agent when `CONSUL_HTTP_ADDR` is set
 * (with `CONSUL_HTTP_TOKEN` and `CONSUL_CACERT` if needed), else the in-repo test server. Each
 * backend works under a fresh prefix; sources connect to `url`, which `cut()` takes down, while
 * `writer` always reaches the store.
 */
export interface ConsulBackend {
  /** `the Consul test server` or `the Consul agent at <address>`. */
  readonly description: string;
  /** Where a source under test connects; `cut()` takes it down. */
  readonly url: string;
  readonly token: string | undefined;
  readonly tls: { readonly ca?: string; readonly servername?: string } | undefined;
  /** A fresh prefix for this backend's keys, ending in `/`. */
  readonly prefix: string;
  /** Writes that go around any cut. */
  readonly writer: ConsulKvWriter;
  /** The test server, when the backend is one. */
  readonly server: ConsulTestServer | undefined;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Deletes the prefix (on a real agent) and stops everything the backend started. */
  dispose(): Promise<void>;
}

/** The address of the real agent to test against, or `undefined` for the test server. */
export function realAgentAddress(): string | undefined {
  return process.env.CONSUL_HTTP_ADDR || undefined;
}

/**
 * Jest's timeout for a hook that starts or disposes of a backend or a test server: room for a
 * loaded 2-core machine, and for a real agent reached over the network.
 */
export const HOOK_TIMEOUT_MS = 15_000;

/** Names the backend in test titles. */
export const BACKEND_NAME = realAgentAddress() ? `the Consul agent at ${realAgentAddress()}` : 'the Consul test server';

/** Starts a backend; `acl` and `outage` (how `cut()` acts) apply to the test server only. */
export async function startConsulBackend(options: { acl?: ConsulTestAcl; outage?: ConsulOutageMode } = {}): Promise<ConsulBackend> {
  const prefix = `config-center-test/${randomUUID().slice(0, 8)}/`;
  const address = realAgentAddress();
  return address ? agentBackend(address, prefix) : serverBackend(prefix, options.acl, options.outage ?? 'refuse');
}

async function serverBackend(prefix: string, acl: ConsulTestAcl | undefined, outage: ConsulOutageMode): Promise<ConsulBackend> {
  const server = await ConsulTestServer.start({ acl });
  const management = Object.entries(acl?.tokens ?? {}).find(([, rules]) => rules === 'management')?.[0];
  return {
    description: 'the Consul test server',
    url: server.url,
    token: management,
    tls: undefined,
    prefix,
    writer: new ConsulKvWriter(server.adminUrl, management),
    server,
    cut: () => server.outage(outage),
    restore: () => server.restore(),
    dispose: () => server.close(),
  };
}

async function agentBackend(address: string, prefix: string): Promise<ConsulBackend> {
  const target = new URL(/^[a-z]+:\/\//.test(address) ? address : `http://${address}`);
  const token = process.env.CONSUL_HTTP_TOKEN || undefined;
  const ca = process.env.CONSUL_CACERT ? readFileSync(process.env.CONSUL_CACERT, 'utf8') : undefined;
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const proxy = await TcpCutProxy.start(`${target.hostname}:${port}`);
  const writer = new ConsulKvWriter(target.origin, token, ca);
  const https = target.protocol === 'https:';
  return {
    description: `the Consul agent at ${address}`,
    url: https ? proxy.url.replace('http:', 'https:') : proxy.url,
    token,
    tls: https ? { ca, servername: target.hostname } : undefined,
    prefix,
    writer,
    server: undefined,
    cut: async () => proxy.cut(),
    restore: async () => proxy.restore(),
    dispose: async () => {
      await proxy.close();
      await writer.delete(prefix, true);
    },
  };
}
