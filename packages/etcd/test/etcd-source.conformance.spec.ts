import { describeConfigSourceConformance, type ConfigSourceHarness } from '@config-center/testing';
import { EtcdConfigSource } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import { EtcdCluster, TcpCutProxy } from '@config-center/testing/harness';

/** A dotted config path as a key under the prefix: `update.value` → `<prefix>update/value`. */
const keyOf = (prefix: string, path: string) => `${prefix}${path.split('.').join('/')}`;

let cluster: EtcdCluster;
let etcd: Etcd3;
let harnesses = 0;

/**
 * The conformance kit against a real etcd: each check gets its own prefix and its own TCP proxy,
 * through which the source connects. A write is one put of the value's text, a removal one
 * delete, a batch (of paths or of raw keys) one transaction; a disconnect cuts the proxy while writes still reach etcd.
 */
async function etcdHarness(): Promise<ConfigSourceHarness> {
  const prefix = `/conformance/h${++harnesses}/`;
  const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
  return {
    createSource: async () =>
      new EtcdConfigSource({ hosts: proxy.endpoint, prefix, reconcileIntervalMs: 0, retry: { initialDelayMs: 50, maxDelayMs: 500 } }),
    write: async (path, value) => void (await etcd.put(keyOf(prefix, path)).value(value)),
    writeKey: async (key, text) => void (await etcd.put(`${prefix}${key}`).value(text)),
    writeKeys: async (entries) => {
      const puts = Object.entries(entries).map(([key, text]) => etcd.put(`${prefix}${key}`).value(text));
      await etcd
        .if(keyOf(prefix, 'batch-guard'), 'Version', '>', -1)
        .then(...puts)
        .commit();
    },
    remove: async (path) => void (await etcd.delete().key(keyOf(prefix, path))),
    writeBatch: async (entries) => {
      const puts = Object.entries(entries).map(([path, value]) => etcd.put(keyOf(prefix, path)).value(value));
      await etcd
        .if(keyOf(prefix, 'batch-guard'), 'Version', '>', -1)
        .then(...puts)
        .commit();
    },
    disconnect: async () => proxy.cut(),
    reconnect: async () => proxy.restore(),
    dispose: () => proxy.close(),
  };
}

beforeAll(async () => {
  cluster = await EtcdCluster.start();
  etcd = cluster.client();
}, 30_000);
afterAll(() => cluster?.stop(), 30_000);

describeConfigSourceConformance('EtcdConfigSource (real etcd)', etcdHarness, { resume: true, keyMapping: true, timeoutMs: 5000 });
