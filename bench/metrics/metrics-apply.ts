import { MemoryConfigSource } from '@config-center/core';
import { elapsedNs, median, now } from '../lib/stats';
import { startMetricsBenchApp, type MetricsBenchApp } from './metrics-apps';

/** How many one-key changes are timed, in blocks taken from each app in turn. */
export interface ApplyPlan {
  readonly warmupBlocks: number;
  readonly blocks: number;
  readonly blockSize: number;
}

/** The block medians of each side, in ns: block `b` of both was taken in the same turn. */
export interface ApplySamples {
  readonly offNs: number[];
  readonly onNs: number[];
}

/** One app and its memory source, changed one key at a time. */
class ApplyTarget {
  private changes = 0;

  constructor(
    private readonly app: MetricsBenchApp,
    private readonly memory: MemoryConfigSource,
  ) {}

  /** Times `size` changes of `bench.value`, each from `set` until the section reads it; the block's median. */
  block(size: number): number {
    const samples: number[] = [];
    for (let i = 0; i < size; i++) {
      const value = ++this.changes;
      const start = now();
      this.memory.set('bench.value', value);
      if (this.app.section.value !== value) throw new Error(`bench.value reads ${this.app.section.value} after set(${value})`);
      samples.push(elapsedNs(start));
    }
    return median(samples);
  }
}

/**
 * The apply cost of a one-key change (memory `set` → visible in the injected section: validation,
 * merge, hash, swap and every `changes$` / `status$` subscriber, the metrics' among them) with
 * metrics off and on: two apps in this process, blocks taken from each in turn, which goes first
 * alternating, so both see the same machine load and the same warmed-up code.
 */
export async function measureApplyCost(plan: ApplyPlan): Promise<ApplySamples> {
  const sources = [new MemoryConfigSource({ bench: { value: 0, other: 0 } }), new MemoryConfigSource({ bench: { value: 0, other: 0 } })];
  const apps = [await startMetricsBenchApp([sources[0]], false), await startMetricsBenchApp([sources[1]], true)];
  const [off, on] = apps.map((app, i) => new ApplyTarget(app, sources[i]));
  const result: ApplySamples = { offNs: [], onNs: [] };
  try {
    for (let block = 0; block < plan.warmupBlocks + plan.blocks; block++) {
      const order = block % 2 === 0 ? ([off, on] as const) : ([on, off] as const);
      const [first, second] = order.map((target) => target.block(plan.blockSize));
      if (block < plan.warmupBlocks) continue;
      result.offNs.push(order[0] === off ? first : second);
      result.onNs.push(order[0] === on ? first : second);
    }
  } finally {
    for (const app of apps) await app.close();
  }
  return result;
}
