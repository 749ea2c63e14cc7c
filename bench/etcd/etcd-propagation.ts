import { EtcdConfigSource } from '@config-center/etcd';
import { Etcd3 } from 'etcd3';
import { startProbeApp } from '../lib/probe-app';
import { nextMacrotask } from '../lib/stats';

const APP_PREFIX = '/bench/propagation/app/';
const APP_KEY = `${APP_PREFIX}bench/value`;
const RAW_KEY = '/bench/propagation/raw/value';
const TIMEOUT_MS = 5000;
/** Rounds run first and dropped, so neither side is measured while its code is still cold. */
export const PROPAGATION_WARMUP_ROUNDS = 50;

/** Latencies in ms, from just before a put is issued until its value is seen. */
export interface PropagationSamples {
  /** …as the `put` event of a bare etcd3 watcher on the key (the baseline). */
  readonly raw: number[];
  /** …through a `@ConfigValue` property of a Nest app on `EtcdConfigSource`. */
  readonly library: number[];
}

/**
 * `warmup + samples` rounds on one etcd; each round one raw and one library sample, in alternating
 * order so both see the same load. A sample issues one put from a shared writer client and polls
 * on every macrotask (a `setImmediate` loop) until the new value is visible: for the raw side, the
 * last value a bare etcd3 watcher on `RAW_KEY` emitted; for the library, `probe.value`.
 */
export async function measurePropagation(endpoint: string, samples: number, warmup: number): Promise<PropagationSamples> {
  const writer = new Etcd3({ hosts: endpoint });
  const watching = new Etcd3({ hosts: endpoint });
  await writer.put(APP_KEY).value('-1');
  await writer.put(RAW_KEY).value('-1');
  const source = new EtcdConfigSource({ hosts: endpoint, prefix: APP_PREFIX, reconcileIntervalMs: 0 });
  const { app, probe } = await startProbeApp(source);
  const watcher = await watching.watch().key(RAW_KEY).create();
  let rawSeen = Number.NaN;
  watcher.on('put', (kv) => (rawSeen = Number(kv.value.toString())));
  const result: PropagationSamples = { raw: [], library: [] };
  let value = 0;
  const sample = async (side: 'raw' | 'library'): Promise<number> => {
    const expected = ++value;
    const visible = side === 'raw' ? () => rawSeen === expected : () => probe.value === expected;
    const start = performance.now();
    const ack = writer
      .put(side === 'raw' ? RAW_KEY : APP_KEY)
      .value(String(expected))
      .exec();
    while (!visible()) {
      if (performance.now() - start > TIMEOUT_MS) throw new Error(`${side}: value ${expected} not visible after ${TIMEOUT_MS} ms`);
      await nextMacrotask();
    }
    const ms = performance.now() - start;
    await ack;
    return ms;
  };
  try {
    for (let round = 0; round < warmup + samples; round++) {
      const order = round % 2 === 0 ? (['raw', 'library'] as const) : (['library', 'raw'] as const);
      const taken = { raw: 0, library: 0 };
      for (const side of order) taken[side] = await sample(side);
      if (round < warmup) continue;
      result.raw.push(taken.raw);
      result.library.push(taken.library);
    }
  } finally {
    await watcher.cancel();
    await app.close();
    writer.close();
    watching.close();
  }
  return result;
}
