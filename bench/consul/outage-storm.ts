import { isDeepStrictEqual } from 'node:util';
import { ConfigStore } from '@config-center/core/source-kit';
import { ConsulConfigSource, consulEntriesToTree } from '@config-center/consul';
import { writeTxn, type ConsulServerChild, type OutageMode } from './consul-server-child';

const PREFIX = 'storm/';
const MODES: readonly OutageMode[] = ['reset', 'unavailable', 'refuse'];

/** What the storm measured. */
export interface StormFigures {
  readonly outages: number;
  readonly writes: number;
  /** Outages whose attempts the server can count (`reset`, `unavailable`; a refused connection never reaches it). */
  readonly countedOutages: number;
  readonly countedDownSeconds: number;
  /** Requests and connections that reached the server during those outages. */
  readonly requestsWhileDown: number;
  readonly maxInFlight: number;
  /** Leaf paths where the final applied tree differs from the server's (lost updates). */
  readonly differingPaths: number;
  /** Applied snapshots whose counter was lower than the one before (stale data re-applied). */
  readonly counterWentBack: number;
  readonly swaps: number;
  /** The longest time between two applied swaps while values kept changing: the worst lag (backoff). */
  readonly longestGapMs: number;
  /** Times the source moved to `reconnecting`. */
  readonly reconnects: number;
  /** From the end of the last outage until the applied tree equals the server's. */
  readonly convergenceMs: number;
}

/**
 * `outages` outages of random length (0–200 ms), cycling through reset, 500 and refused, with
 * 20–120 ms up between them, while a writer changes values every 25 ms through the server's admin
 * address (so writes land during outages too) — a counter, 20 rotating keys, and deletions. The
 * source runs with its defaults inside a real `ConfigStore`.
 */
export async function runOutageStorm(server: ConsulServerChild, outages: number): Promise<StormFigures> {
  const source = new ConsulConfigSource({ url: server.url, prefix: PREFIX });
  const store = new ConfigStore({ sources: [source] });
  await writeTxn(server.adminUrl, { [`${PREFIX}counter`]: '0' });
  await store.load();
  store.startWatching();
  const recorder = recordStore(store);
  await server.resetLog();
  const writer = startWriter(server.adminUrl);
  try {
    for (let i = 0; i < outages; i++) {
      await sleep(20 + Math.random() * 100);
      await server.outage(MODES[i % MODES.length]);
      await sleep(Math.random() * 200);
      await server.restore();
    }
    const writes = await writer.stop();
    const restoredAt = performance.now();
    const expected = consulEntriesToTree(await server.list(PREFIX), PREFIX).tree;
    await convergence(() => isDeepStrictEqual(store.current.tree, expected), 60_000);
    const convergenceMs = performance.now() - restoredAt;
    const stats = await server.stats();
    const counted = stats.outages.filter((outage) => outage.mode !== 'refuse');
    const { counters, swapTimes, reconnects } = recorder;
    return {
      outages,
      writes,
      countedOutages: counted.length,
      countedDownSeconds: counted.reduce((total, outage) => total + ((outage.end ?? outage.start) - outage.start), 0) / 1000,
      requestsWhileDown: stats.requests.filter((request) => request.duringOutage).length,
      maxInFlight: stats.maxInFlight,
      differingPaths: differingLeaves(store.current.tree, expected),
      counterWentBack: counters.filter((value, i) => i > 0 && value < counters[i - 1]).length,
      swaps: counters.length,
      longestGapMs: Math.max(...swapTimes.slice(1).map((at, i) => at - swapTimes[i])),
      reconnects,
      convergenceMs,
    };
  } finally {
    await writer.stop();
    recorder.stop();
    await store.close();
  }
}

/** Records each applied swap's counter and time, and each move of the source to `reconnecting`. */
function recordStore(store: ConfigStore): { counters: number[]; swapTimes: number[]; reconnects: number; stop(): void } {
  const recorder = { counters: [] as number[], swapTimes: [performance.now()], reconnects: 0, stop: () => undefined as void };
  let previous = 'connected';
  const swaps = store.snapshots$.subscribe((snapshot) => {
    recorder.counters.push(Number(snapshot.tree.counter));
    recorder.swapTimes.push(performance.now());
  });
  const states = store.status$.subscribe((status) => {
    const state = status.sources[0]?.state ?? previous;
    if (state === 'reconnecting' && previous !== 'reconnecting') recorder.reconnects++;
    previous = state;
  });
  recorder.stop = () => {
    swaps.unsubscribe();
    states.unsubscribe();
  };
  return recorder;
}

/**
 * Writes every 25 ms through the admin address until stopped: the counter, one of 20 rotating
 * keys, and every 7th write deletes another. `stop()` resolves with the number of writes.
 */
function startWriter(adminUrl: string): { stop(): Promise<number> } {
  let writes = 0;
  let writing = true;
  const done = (async () => {
    while (writing) {
      const n = ++writes;
      const deletes = n % 7 ? [] : [`${PREFIX}keys/k${(n + 10) % 20}`];
      await writeTxn(adminUrl, { [`${PREFIX}counter`]: String(n), [`${PREFIX}keys/k${n % 20}`]: String(n) }, deletes);
      await sleep(25);
    }
  })();
  return {
    stop: async () => {
      writing = false;
      await done;
      return writes;
    },
  };
}

/** Resolves when `converged()` holds, or after `timeoutMs` (the differing paths then tell the loss). */
async function convergence(converged: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!converged() && Date.now() < deadline) await sleep(10);
}

/** How many leaf paths differ between two trees (present in one only, or with other values). */
function differingLeaves(a: unknown, b: unknown): number {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(a) || !isObject(b)) return isDeepStrictEqual(a, b) ? 0 : 1;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].reduce((total, key) => total + differingLeaves(a[key], b[key]), 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
