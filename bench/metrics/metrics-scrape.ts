import { MemoryConfigSource } from '@config-center/core';
import { elapsedNs, now } from '../lib/stats';
import { startMetricsBenchApp } from './metrics-apps';

/** What a scrape was measured on, and each scrape's time. */
export interface ScrapeSamples {
  readonly sources: number;
  /** Characters of one scrape's text (the exposition format). */
  readonly scrapeLength: number;
  readonly samplesNs: number[];
}

/**
 * Times `registry.metrics()` (the text a Prometheus scrape gets) of an app with `sources` memory
 * sources, each of which has applied changes and had a rejection, so every series holds a value.
 * Each scrape is awaited before the next; warm-up scrapes are dropped.
 */
export async function measureScrape(sources: number, scrapes: number, warmup: number): Promise<ScrapeSamples> {
  const names = Array.from({ length: sources }, (_, i) => `source-${String(i + 1).padStart(2, '0')}`);
  const memories = names.map((name) => new MemoryConfigSource({ bench: { value: 0 } }, name));
  const app = await startMetricsBenchApp(memories, 'prometheus');
  try {
    for (const [i, memory] of memories.entries()) {
      memory.set('bench.value', i + 1);
      memory.set('bench.value', 'not a number');
      memory.set('bench.value', i + 1);
    }
    const registry = app.registry!;
    const scrapeLength = (await registry.metrics()).length;
    const samplesNs: number[] = [];
    for (let i = 0; i < warmup + scrapes; i++) {
      const start = now();
      await registry.metrics();
      if (i >= warmup) samplesNs.push(elapsedNs(start));
    }
    return { sources, scrapeLength, samplesNs };
  } finally {
    await app.close();
  }
}
