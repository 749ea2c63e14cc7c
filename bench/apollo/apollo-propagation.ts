import { ConfigCenterService } from '@config-center/core';
import { ApolloConfigSource } from '@config-center/apollo';
import { startProbeApp } from '../lib/probe-app';
import type { ApolloServerChild } from './apollo-server-child';

/** Latencies, in milliseconds, from a release to its value being seen. */
export interface ApolloPropagationSamples {
  /** …visible through `@ConfigValue` in a Nest app watching with `ApolloConfigSource`. */
  readonly source: number[];
  /** …returned (both bodies read) to a bare `fetch` long poll plus `/configs` query on the same server. */
  readonly bare: number[];
}

/**
 * Alternates the two measurements on one server, `rounds` times each after `warmup` discarded:
 * (A) a release of app `bench`'s `application` while the app's long poll is held — time until
 * `@ConfigValue` returns the new value (seen in the `changes$` handler, right after the swap);
 * (B) a release of app `base`'s `application` while a bare `fetch` long poll for it is held — time
 * until that poll's answer and the `/configs` query with the last release key are both read. Each
 * app's poll is woken only by its own release.
 */
export async function measureApolloPropagation(
  server: ApolloServerChild,
  rounds: number,
  warmup: number,
): Promise<ApolloPropagationSamples> {
  await server.release('bench', 'application', { 'bench.value': '-1' });
  let base = await server.release('base', 'application', { 'bench.value': '-1' });
  const source = new ApolloConfigSource({ configServerUrl: server.url, appId: 'bench' });
  const { app, probe } = await startProbeApp(source);
  let expected = Number.NaN;
  let seen: (at: number) => void = () => undefined;
  const changes = app.get(ConfigCenterService).changes$.subscribe(() => probe.value === expected && seen(performance.now()));
  const samples: ApolloPropagationSamples = { source: [], bare: [] };
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      await until(async () => (await server.heldPolls()) === 1);
      expected = round;
      const visible = new Promise<number>((resolve) => (seen = resolve));
      const sentA = performance.now();
      await server.release('bench', 'application', { 'bench.value': String(round) });
      const sourceMs = (await visible) - sentA;
      const returned = barePollAndQuery(server.url, base.notificationId, base.releaseKey);
      await until(async () => (await server.heldPolls()) === 2);
      const sentB = performance.now();
      base = await server.release('base', 'application', { 'bench.value': String(round) });
      const bareMs = (await returned) - sentB;
      if (round >= warmup) {
        samples.source.push(sourceMs);
        samples.bare.push(bareMs);
      }
    }
  } finally {
    changes.unsubscribe();
    await app.close();
  }
  return samples;
}

/** The protocol done by hand for app `base`: a long poll, then the query its answer calls for; resolves when both are read. */
async function barePollAndQuery(url: string, notificationId: number, releaseKey: string): Promise<number> {
  const notifications = encodeURIComponent(JSON.stringify([{ namespaceName: 'application', notificationId }]));
  const poll = await fetch(`${url}/notifications/v2?cluster=default&appId=base&notifications=${notifications}`);
  await poll.json();
  const query = await fetch(`${url}/configs/base/default/application?releaseKey=${encodeURIComponent(releaseKey)}`);
  await query.json();
  return performance.now();
}

/** Polls `condition` (an IPC round trip each) until it holds, for at most 10 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the benchmark timed out waiting for a long poll to be held');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
