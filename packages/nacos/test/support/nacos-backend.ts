import { randomUUID } from 'node:crypto';
import { NacosConfigClient, type NacosConfigSourceOptions } from '@config-center/nacos';
import { NacosTestServer, TcpCutProxy } from '@config-center/testing/harness';

/**
 * The Nacos the backend-agnostic suites (the conformance kit) run against: a real Nacos 2.2+/3.x
 * when `NACOS_ADDR` (`host:port`, main port) is set — with `NACOS_USERNAME` / `NACOS_PASSWORD` when
 * its auth is on — else the in-repo test server. Each backend works in a fresh group of the public
 * namespace (a real Nacos needs a namespace created before use; a group does not). Sources connect
 * through `sourceOptions`, which `cut()` takes down, while `publish` and `remove` always reach it.
 */
export interface NacosBackend {
  readonly description: string;
  /** A fresh group for this backend's dataIds. */
  readonly group: string;
  /** What a source under test connects with: servers, grpcPort, group and credentials. */
  readonly sourceOptions: Pick<NacosConfigSourceOptions, 'servers' | 'grpcPort' | 'group' | 'username' | 'password'>;
  publish(dataId: string, content: string): Promise<void>;
  remove(dataId: string): Promise<void>;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Removes what it published (on a real Nacos) and stops everything it started. */
  dispose(): Promise<void>;
}

/** The real Nacos to test against, or `undefined` for the test server. */
export const realNacosAddress = (): string | undefined => process.env.NACOS_ADDR || undefined;

/** Names the backend in test titles. */
export const BACKEND_NAME = realNacosAddress() ? `the Nacos at ${realNacosAddress()}` : 'the Nacos test server';

/** Starts a backend. */
export async function startNacosBackend(): Promise<NacosBackend> {
  const group = `config-center-test-${randomUUID().slice(0, 8)}`;
  const address = realNacosAddress();
  return address ? realBackend(address, group) : serverBackend(group);
}

async function serverBackend(group: string): Promise<NacosBackend> {
  const server = await NacosTestServer.start();
  return {
    description: BACKEND_NAME,
    group,
    sourceOptions: { servers: [server.address], group },
    publish: async (dataId, content) => server.publish(dataId, content, { group }),
    remove: async (dataId) => server.remove(dataId, { group }),
    cut: () => server.stop(),
    restore: () => server.resume(),
    dispose: () => server.stop(),
  };
}

async function realBackend(address: string, group: string): Promise<NacosBackend> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const proxy = await TcpCutProxy.start(`${host}:${port + 1000}`);
  const credentials = process.env.NACOS_USERNAME
    ? { username: process.env.NACOS_USERNAME, password: process.env.NACOS_PASSWORD ?? '' }
    : {};
  const client = new NacosConfigClient({ server: address, ...credentials });
  const published = new Set<string>();
  return {
    description: BACKEND_NAME,
    group,
    sourceOptions: { servers: [address], grpcPort: Number(proxy.endpoint.split(':')[1]), group, ...credentials },
    publish: async (dataId, content) => {
      published.add(dataId);
      if (!(await client.publish(dataId, content, { group }))) throw new Error(`the Nacos at ${address} refused a publish`);
    },
    remove: (dataId) => client.remove(dataId, group),
    cut: async () => proxy.cut(),
    restore: async () => proxy.restore(),
    dispose: async () => {
      for (const dataId of published) await client.remove(dataId, group).catch(() => undefined);
      await client.close();
      await proxy.close();
    },
  };
}
