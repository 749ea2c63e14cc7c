import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { TcpCutProxy, ZooKeeperServer } from '@config-center/testing/harness';
import { ZooKeeperConfigSource } from '@config-center/zookeeper';
import { HOOK_TIMEOUT_MS, ZooKeeperWriter } from './support/zookeeper-writer';

let server: ZooKeeperServer;
let writer: ZooKeeperWriter;
let harnesses = 0;

/** A dotted config path as a node under the root: `update.value` → `<root>/update/value`. */
const nodeOf = (root: string, path: string) => `${root}/${path.split('.').join('/')}`;

/**
 * The conformance kit against a real ZooKeeper: each check gets its own root and its own TCP proxy,
 * through which the source connects. A write sets one node (parents created empty), a removal
 * removes one node, a batch is one `multi()` after the nodes exist (a `multi()` sets them in one
 * zxid); a disconnect cuts the proxy while writes still reach the server. ZooKeeper cannot hold a
 * node name that is empty, `.` or `..`.
 */
async function zooKeeperHarness(): Promise<ConfigSourceHarness> {
  const root = `/conformance/h${++harnesses}`;
  const proxy = await TcpCutProxy.start(server.connectString);
  const multi = async (entries: Record<string, string>) => {
    for (const path of Object.keys(entries)) await writer.ensure(path);
    await writer.multiSet(entries);
  };
  return {
    createSource: async () =>
      new ZooKeeperConfigSource({
        connect: proxy.endpoint,
        root,
        sessionTimeoutMs: 4000,
        connectTimeoutMs: 1000,
        requestTimeoutMs: 1000,
        retry: { initialDelayMs: 50, maxDelayMs: 500 },
      }),
    write: (path, value) => writer.set(nodeOf(root, path), value),
    writeKey: (key, text) => writer.set(`${root}/${key}`, text),
    canHoldKey: (key) => key.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    writeKeys: (entries) => multi(Object.fromEntries(Object.entries(entries).map(([key, text]) => [`${root}/${key}`, text]))),
    remove: (path) => writer.remove(nodeOf(root, path)),
    writeBatch: (entries) => multi(Object.fromEntries(Object.entries(entries).map(([path, text]) => [nodeOf(root, path), text]))),
    disconnect: async () => proxy.cut(),
    reconnect: async () => proxy.restore(),
    dispose: () => proxy.close(),
  };
}

beforeAll(async () => {
  server = await ZooKeeperServer.start();
  writer = await ZooKeeperWriter.connect(server.connectString);
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  writer?.close();
  await server?.close();
}, HOOK_TIMEOUT_MS);

describeConfigSourceConformance('ZooKeeperConfigSource (real ZooKeeper)', zooKeeperHarness, {
  resume: true,
  keyMapping: true,
  timeoutMs: 10_000,
});
