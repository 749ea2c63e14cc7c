import { MemoryConfigSource } from '@config-center/core';
import { elapsedNs, median, now } from '../lib/stats';
import { startMetricsBenchApp, type MetricsBenchApp, type MetricsSide } from './metrics-apps';

/** How many one-key changes are timed, in blocks taken from each app in turn. */
export interface ApplyPlan {
  readonly warmupBlocks: number;
  readonly blocks: number;
  readonly blockSize: number;
}

/** The block medians of each side, in ns: block `b` of every side was taken in the same turn. */
export type ApplySamples = Record<MetricsSide, number[]>;

const SIDES: readonly MetricsSide[] = ['off', 'prometheus', 'opentelemetry'];

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
 * merge, hash, swap and every `changes$` / `status$` subscriber, the metrics' among them) without
 * metrics, with the Prometheus ones and with the OpenTelemetry ones: one app per side in this
 * process, blocks taken from each in turn, which goes first rotating, so all see the same machine
 * load and the same warmed-up code.
 */
export async function measureApplyCost(plan: ApplyPlan): Promise<ApplySamples> {
  const sources = SIDES.map(() => new MemoryConfigSource({ bench: { value: 0, other: 0 } }));
  const apps: MetricsBenchApp[] = [];
  const result: ApplySamples = { off: [], prometheus: [], opentelemetry: [] };
  try {
    for (const [i, side] of SIDES.entries()) apps.push(await startMetricsBenchApp([sources[i]], side));
    const targets = apps.map((app, i) => new ApplyTarget(app, sources[i]));
    for (let block = 0; block < plan.warmupBlocks + plan.blocks; block++) {
      for (let turn = 0; turn < SIDES.length; turn++) {
        const i = (block + turn) % SIDES.length;
        const blockMedian = targets[i].block(plan.blockSize);
        if (block >= plan.warmupBlocks) result[SIDES[i]].push(blockMedian);
      }
    }
  } finally {
    for (const app of apps) await app.close();
  }
  return result;
}
