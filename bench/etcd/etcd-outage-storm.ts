import { isDeepStrictEqual } from 'node:util';
import { ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { etcdctl, TcpCutProxy } from '@config-center/testing/harness';
import { Etcd3 } from 'etcd3';

const PREFIX = '/bench/storm/';
const KEYS = 20;

/** What the storm measured. */
export interface StormFigures {
  readonly outages: number;
  readonly compactions: number;
  readonly writes: number;
  readonly swaps: number;
  /** Keys whose applied value differs from etcd's once the storm is over (lost updates). */
  readonly differingPaths: number;
  /** Applied swaps whose revision was not above the one before. */
  readonly revisionRegressions: number;
  /** From the last restore until the applied state equals etcd's, in ms. */
  readonly convergeMs: number;
}

/**
 * `outages` cuts of 0–200 ms, 100–300 ms apart, between the source and etcd (`TcpCutProxy`
 * of `@config-center/testing`, which the etcd tests use too, resets its connections) while a writer keeps changing,
 * deleting and re-creating keys; every tenth outage etcd compacts its history at the current
 * revision, past the source's cursor. Afterwards the applied state must equal etcd's, and the
 * applied revisions must only have gone up.
 */
export async function runOutageStorm(endpoint: string, outages: number): Promise<StormFigures> {
  const proxy = await TcpCutProxy.start(endpoint);
  const etcd = new Etcd3({ hosts: endpoint });
  const retry = { initialDelayMs: 20, maxDelayMs: 200 };
  const source = new EtcdConfigSource({ hosts: proxy.endpoint, prefix: PREFIX, reconcileIntervalMs: 0, retry });
  const store = new ConfigStore({ sources: [source], retry });
  const revisions: number[] = [];
  const changes = store.changes$.subscribe(() => revisions.push(Number(store.status().sources[0].revision)));
  const writer = startWriter(etcd);
  let compactions = 0;
  try {
    await store.load();
    store.startWatching();
    for (let i = 1; i <= outages; i++) {
      await pause(100 + Math.random() * 200);
      proxy.cut();
      await pause(Math.random() * 200);
      if (i % 10 === 0) {
        const { header } = await etcd.get(`${PREFIX}k0`).exec();
        await etcdctl(['compact', header.revision, '--physical'], { endpoints: [endpoint] });
        compactions++;
      }
      proxy.restore();
    }
    const restoredAt = performance.now();
    const writes = await writer.stop();
    const differingPaths = await converge(store, etcd, 10_000);
    const revisionRegressions = revisions.filter((revision, i) => i > 0 && revision <= revisions[i - 1]).length;
    const convergeMs = performance.now() - restoredAt;
    return { outages, compactions, writes, swaps: revisions.length, differingPaths, revisionRegressions, convergeMs };
  } finally {
    await writer.stop();
    changes.unsubscribe();
    await store.close();
    await proxy.close();
    etcd.close();
  }
}

/** Writes until stopped: mostly puts of a counter, now and then a delete. Resolves the count. */
function startWriter(etcd: Etcd3): { stop(): Promise<number> } {
  let stopped = false;
  let writes = 0;
  const loop = (async () => {
    while (!stopped) {
      const key = `${PREFIX}k${Math.floor(Math.random() * KEYS)}`;
      if (Math.random() < 0.1) await etcd.delete().key(key);
      else await etcd.put(key).value(String(writes));
      writes++;
      await pause(2);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return writes;
    },
  };
}

/** Waits until the applied tree equals etcd's; returns how many keys still differ if it never does. */
async function converge(store: ConfigStore, etcd: Etcd3, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const response = await etcd.getAll().prefix(PREFIX).exec();
    const expected = Object.fromEntries(response.kvs.map((kv) => [kv.key.toString().slice(PREFIX.length), kv.value.toString()]));
    const applied = store.current.tree as Record<string, unknown>;
    const revisionMatches = Number(store.status().sources[0].revision) === Number(response.header.revision);
    if (isDeepStrictEqual(applied, expected) && revisionMatches) return 0;
    if (performance.now() > deadline) {
      const keys = new Set([...Object.keys(applied), ...Object.keys(expected)]);
      return [...keys].filter((key) => applied[key] !== expected[key]).length;
    }
    await pause(20);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
