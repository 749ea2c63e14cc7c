import { EtcdConfigSource } from '@config-center/etcd';
import { Etcd3 } from 'etcd3';
import { nextMacrotask } from '../lib/stats';
import { startMetricsBenchApp, type MetricsBenchApp } from './metrics-apps';

const PREFIX = '/bench/metrics-propagation/';
const TIMEOUT_MS = 5000;

/** Latencies in ms, put issued → value visible in the app's section, one of each side per round. */
export interface PropagationPairs {
  readonly offMs: number[];
  readonly onMs: number[];
}

/** Puts a new value under the app's prefix and polls every macrotask until the app's section reads it. */
async function propagate(writer: Etcd3, app: MetricsBenchApp, prefix: string, expected: number): Promise<number> {
  const start = performance.now();
  const ack = writer.put(`${prefix}bench/value`).value(String(expected)).exec();
  while (app.section.value !== expected) {
    if (performance.now() - start > TIMEOUT_MS) throw new Error(`${prefix}: value ${expected} not visible after ${TIMEOUT_MS} ms`);
    await nextMacrotask();
  }
  const ms = performance.now() - start;
  await ack;
  return ms;
}

/**
 * `warmup + rounds` rounds on one etcd, each one put → applied sample of an app without metrics
 * and one of an app with them (an `EtcdConfigSource` each, on prefixes of their own, in this
 * process), in alternating order so both see the same load. Warm-up rounds are dropped.
 */
export async function measurePropagation(endpoint: string, rounds: number, warmup: number): Promise<PropagationPairs> {
  const writer = new Etcd3({ hosts: endpoint });
  const prefixes = [`${PREFIX}off/`, `${PREFIX}on/`];
  for (const prefix of prefixes) await writer.put(`${prefix}bench/value`).value('0');
  const apps: MetricsBenchApp[] = [];
  const result: PropagationPairs = { offMs: [], onMs: [] };
  try {
    for (const [i, prefix] of prefixes.entries()) {
      apps.push(
        await startMetricsBenchApp(
          [new EtcdConfigSource({ hosts: endpoint, prefix, reconcileIntervalMs: 0 })],
          i === 1 ? 'prometheus' : 'off',
        ),
      );
    }
    for (let round = 0, value = 0; round < warmup + rounds; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      const taken = [0, 0];
      for (const i of order) taken[i] = await propagate(writer, apps[i], prefixes[i], ++value);
      if (round < warmup) continue;
      result.offMs.push(taken[0]);
      result.onMs.push(taken[1]);
    }
  } finally {
    for (const app of apps) await app.close();
    writer.close();
  }
  return result;
}
