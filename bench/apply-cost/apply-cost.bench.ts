import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { measuredFor, timeBlocksInTurn, type Configuration, type Measured } from './blocks-in-turn';

const PROCESS_PAIRS = 3;
const WARMUP_BLOCKS = 10;
const BLOCKS = 30;
const BLOCK_SIZE = 50;
const KEYS_PER_SECTION = 100;
const PLAN = { warmupBlocks: WARMUP_BLOCKS, blocks: BLOCKS, blockSize: BLOCK_SIZE };
const SMALL: Configuration = { label: '100 keys in 1 section', sections: 1, keysPerSection: KEYS_PER_SECTION };
const LARGE: Configuration = { label: '10,000 keys in 100 sections', sections: 100, keysPerSection: KEYS_PER_SECTION };
const DEFAULT_CONTAINER: Configuration = {
  ...LARGE,
  label: "10,000 keys in 100 sections, class-validator's default container",
  options: { container: 'class-validator-default' },
};
const CONFIGURATIONS = [SMALL, LARGE, DEFAULT_CONTAINER];

/**
 * Applying a one-key change costs in proportion to the change, not to the config. Each
 * configuration lives in its own process; the parent takes blocks of changes from each in turn
 * (which goes first rotates), so all see the same machine load, and the figure is the median over
 * blocks of (large block median ÷ small block median). The first two run the library as shipped,
 * with the keyed validator container core gives class-validator. The third, as context, is the large
 * one with class-validator's own default container, which an app gets back by installing a container
 * that falls back to it (Nest's `fallbackOnErrors`): it searches a list of every constraint class the
 * process has used on each check, a cost in proportion to all decorated fields.
 */
export const applyCostBenchmark: Benchmark = {
  name: 'apply-cost',
  async run(): Promise<BenchResult> {
    const measured = measuredFor(CONFIGURATIONS);
    const [small, large, byDefault] = measured;
    const problems: string[] = [];
    for (let round = 0; round < PROCESS_PAIRS; round++) problems.push(...(await timeBlocksInTurn(CONFIGURATIONS, measured, PLAN)));
    const ratios = large.blockMediansNs.map((ns, block) => ns / small.blockMediansNs[block]);
    const defaultRatios = byDefault.blockMediansNs.map((ns, block) => ns / small.blockMediansNs[block]);
    const bar: Bar = {
      label: `one-key apply, ${LARGE.label} / ${SMALL.label} (median)`,
      measured: median(ratios),
      kind: 'max',
      limit: 3,
      unit: '×',
      invalid: problems.length ? problems.join('; ') : undefined,
    };
    const settings = { processPairs: PROCESS_PAIRS, warmupBlocks: WARMUP_BLOCKS, blocks: BLOCKS, blockSize: BLOCK_SIZE };
    const table = tableOf(measured, [ratios, defaultRatios]);
    return { name: 'apply-cost', tables: [table], bars: [bar], data: { settings, small, large, byDefault, ratios, defaultRatios } };
  },
};

function tableOf(measured: Measured[], ratios: number[][]): Table {
  const shown = ['1.00', ...ratios.map((r) => median(r).toFixed(2))];
  const rows = CONFIGURATIONS.map((c, i) => [
    c.label,
    c.sections * KEYS_PER_SECTION,
    median(measured[i].samplesNs) / 1e3,
    percentile(measured[i].samplesNs, 10) / 1e3,
    percentile(measured[i].samplesNs, 90) / 1e3,
    median(measured[i].bootMs),
    shown[i],
  ]);
  const spread = [10, 50, 90].map((p) => `p${p} ${percentile(ratios[0], p).toFixed(2)}`).join(', ');
  return {
    title: `apply-cost: memory.set() of one key until visible in the injected section, µs`,
    columns: ['config loaded', 'keys', 'median µs', 'p10 µs', 'p90 µs', 'boot ms', `× ${SMALL.label}`],
    rows,
    notes: [
      `${PROCESS_PAIRS} rounds × ${BLOCKS} timed blocks of ${BLOCK_SIZE} changes per configuration (after ${WARMUP_BLOCKS} warm-up blocks),`,
      'one process per configuration, blocks taken in turn. A ratio is the median over blocks of its block median ÷ the small one',
      `(spread of the bar's ratio: ${spread}); µs columns are over all ${measured[0].samplesNs.length} timed changes of each configuration.`,
      'The first two rows are the library as shipped (core gives class-validator a keyed container). The last, context and not the bar,',
      "installs a container that falls back to class-validator's default one (as Nest's fallbackOnErrors does): its linear search.",
    ],
  };
}
