import { ConfigCenterService } from '@config-center/core';
import { ConsulConfigSource } from '@config-center/consul';
import { startProbeApp } from '../lib/probe-app';
import { writeTxn, type ConsulServerChild } from './consul-server-child';

/** Latencies, in milliseconds, from a transaction's send to its value being seen. */
export interface PropagationSamples {
  /** …visible through `@ConfigValue` in a Nest app watching with `ConsulConfigSource`. */
  readonly source: number[];
  /** …returned (body read) to a bare `fetch` blocking query on the same server. */
  readonly fetch: number[];
}

/**
 * Alternates the two measurements on one server, `rounds` times each after `warmup` discarded:
 * (A) a txn to `app/bench/value` while the app's blocking query waits — time until `@ConfigValue`
 * returns the new value (observed in the `changes$` handler, which runs right after the swap);
 * (B) a txn to `base/value` while a bare `fetch` blocking query on `base/` waits — time until its
 * body is read. The app's query is not woken by (B), nor any bare query by (A).
 */
export async function measurePropagation(server: ConsulServerChild, rounds: number, warmup: number): Promise<PropagationSamples> {
  const source = new ConsulConfigSource({ url: server.url, prefix: 'app/', rateLimit: { burst: 2, perSecond: 1000 } });
  await writeTxn(server.adminUrl, { 'app/bench/value': '-1' });
  let baseIndex = await writeTxn(server.adminUrl, { 'base/value': '-1' });
  const { app, probe } = await startProbeApp(source);
  let expected = Number.NaN;
  let seen: (at: number) => void = () => undefined;
  const changes = app.get(ConfigCenterService).changes$.subscribe(() => probe.value === expected && seen(performance.now()));
  const samples: PropagationSamples = { source: [], fetch: [] };
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      await until(async () => (await server.pending()) === 1);
      expected = round;
      const visible = new Promise<number>((resolve) => (seen = resolve));
      const sentA = performance.now();
      await writeTxn(server.adminUrl, { 'app/bench/value': String(round) });
      const sourceMs = (await visible) - sentA;
      const returned = fetch(`${server.url}/v1/kv/base/?recurse&index=${baseIndex}&wait=60s`).then(async (response) => {
        await response.json();
        return performance.now();
      });
      await until(async () => (await server.pending()) === 2);
      const sentB = performance.now();
      baseIndex = await writeTxn(server.adminUrl, { 'base/value': String(round) });
      const fetchMs = (await returned) - sentB;
      if (round >= warmup) {
        samples.source.push(sourceMs);
        samples.fetch.push(fetchMs);
      }
    }
  } finally {
    changes.unsubscribe();
    await app.close();
  }
  return samples;
}

/** Polls `condition` (an IPC round trip each) until it holds, for at most 10 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the benchmark timed out waiting for a blocking query to be pending');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
