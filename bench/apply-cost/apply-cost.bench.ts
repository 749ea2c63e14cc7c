import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { startWorker } from './apply-cost.worker-client';

const PROCESS_PAIRS = 3;
const WARMUP_BLOCKS = 10;
const BLOCKS = 30;
const BLOCK_SIZE = 50;
const KEYS_PER_SECTION = 100;
const SMALL = { label: '100 keys in 1 section', sections: 1 };
const LARGE = { label: '10,000 keys in 100 sections', sections: 100 };

/** Everything timed for one configuration, over every process pair. */
interface Measured {
  readonly samplesNs: number[];
  readonly blockMediansNs: number[];
  readonly bootMs: number[];
}

/**
 * Bar 2 of issue 2: applying a one-key change costs in proportion to the change, not to the
 * config. Each configuration lives in its own process; the parent alternates blocks of changes
 * between the two (which goes first alternates too), so both see the same machine load, and the
 * figure is the median over blocks of (large block median ÷ small block median).
 */
export const applyCostBenchmark: Benchmark = {
  name: 'apply-cost',
  async run(): Promise<BenchResult> {
    const small: Measured = { samplesNs: [], blockMediansNs: [], bootMs: [] };
    const large: Measured = { samplesNs: [], blockMediansNs: [], bootMs: [] };
    const problems: string[] = [];
    for (let pair = 0; pair < PROCESS_PAIRS; pair++) problems.push(...(await runPair(small, large)));
    const ratios = large.blockMediansNs.map((ns, block) => ns / small.blockMediansNs[block]);
    const bar: Bar = {
      label: `one-key apply, ${LARGE.label} / ${SMALL.label} (median)`,
      measured: median(ratios),
      kind: 'max',
      limit: 3,
      unit: '×',
      invalid: problems.length ? problems.join('; ') : undefined,
    };
    const settings = { processPairs: PROCESS_PAIRS, warmupBlocks: WARMUP_BLOCKS, blocks: BLOCKS, blockSize: BLOCK_SIZE };
    return { name: 'apply-cost', tables: [tableOf(small, large, ratios)], bars: [bar], data: { settings, small, large, ratios } };
  },
};

/** Boots one process per configuration, times alternating blocks, and returns what went wrong. */
async function runPair(small: Measured, large: Measured): Promise<string[]> {
  const workers = [startWorker(SMALL.sections, KEYS_PER_SECTION), startWorker(LARGE.sections, KEYS_PER_SECTION)];
  const targets = [small, large];
  const boots = await Promise.all(workers.map((worker) => worker.ready()));
  boots.forEach((ms, i) => targets[i].bootMs.push(ms));
  for (let block = 0; block < WARMUP_BLOCKS + BLOCKS; block++) {
    const order = block % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const samples = await workers[i].block(BLOCK_SIZE);
      if (block < WARMUP_BLOCKS) continue;
      targets[i].samplesNs.push(...samples);
      targets[i].blockMediansNs.push(median(samples));
    }
  }
  const expected = (WARMUP_BLOCKS + BLOCKS) * BLOCK_SIZE;
  const applied = await Promise.all(workers.map((worker) => worker.close()));
  return applied.flatMap((versions, i) =>
    versions === expected ? [] : [`${workers[i].sections}-section worker applied ${versions} versions for ${expected} changes`],
  );
}

function tableOf(small: Measured, large: Measured, ratios: number[]): Table {
  const row = (label: string, sections: number, measured: Measured, ratio: string) => [
    label,
    sections * KEYS_PER_SECTION,
    median(measured.samplesNs) / 1e3,
    percentile(measured.samplesNs, 10) / 1e3,
    percentile(measured.samplesNs, 90) / 1e3,
    median(measured.bootMs),
    ratio,
  ];
  const spread = [10, 50, 90].map((p) => `p${p} ${percentile(ratios, p).toFixed(2)}`).join(', ');
  return {
    title: `apply-cost: memory.set() of one key until visible in the injected section, µs`,
    columns: ['config loaded', 'keys', 'median µs', 'p10 µs', 'p90 µs', 'boot ms', `× ${SMALL.label}`],
    rows: [row(SMALL.label, SMALL.sections, small, '1.00'), row(LARGE.label, LARGE.sections, large, median(ratios).toFixed(2))],
    notes: [
      `${PROCESS_PAIRS} process pairs × ${BLOCKS} timed blocks of ${BLOCK_SIZE} changes per configuration (after ${WARMUP_BLOCKS} warm-up blocks),`,
      'blocks alternating between the two processes. The ratio is the median over blocks of large ÷ small block medians',
      `(spread over blocks: ${spread}); µs columns are over all ${small.samplesNs.length} timed changes of each configuration.`,
    ],
  };
}
