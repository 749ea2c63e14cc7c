import 'reflect-metadata';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { barPasses, formatBar } from '../lib/bench-result';
import { renderTable, writeResult } from '../lib/report';
import { median, minimum, percentile } from '../lib/stats';
import { EtcdProcess } from '../live/etcd-process';
import { runOutageStorm, type StormFigures } from './etcd-outage-storm';
import { measurePropagation, type PropagationSamples } from './etcd-propagation';

const ROUNDS = Number(process.env.BENCH_ETCD_ROUNDS ?? 300);
const WARMUP = 30;
const OUTAGES = Number(process.env.BENCH_ETCD_OUTAGES ?? 200);

/**
 * `EtcdConfigSource` on a real etcd (one member, the `etcd` binary):
 * 1. propagation — a put until the new value is visible through `@ConfigValue`, next to a bare
 *    etcd3 watcher on the same server in the same run: median overhead at most 2 ms;
 * 2. `OUTAGES` cuts of 0–200 ms (every tenth with a compaction past the cursor) while values
 *    change: no lost update, applied revisions only go up.
 */
export const etcdBenchmark: Benchmark = {
  name: 'etcd',
  async run(): Promise<BenchResult> {
    const etcd = await EtcdProcess.start();
    try {
      const samples = await measurePropagation(etcd.endpoint, ROUNDS, WARMUP);
      const storm = await runOutageStorm(etcd.endpoint, OUTAGES);
      return resultOf(samples, storm);
    } finally {
      await etcd.stop();
    }
  },
};

function resultOf(samples: PropagationSamples, storm: StormFigures): BenchResult {
  const overhead = median(samples.source) - median(samples.watcher);
  const bars: Bar[] = [
    {
      label: 'propagation: median(put → @ConfigValue) − median(put → bare etcd3 watcher)',
      measured: overhead,
      kind: 'max',
      limit: 2,
      unit: ' ms',
    },
    {
      label: `lost updates after ${storm.outages} outages (differing paths)`,
      measured: storm.differingPaths,
      kind: 'max',
      limit: 0,
      unit: '',
    },
    { label: 'applied revisions that did not go up', measured: storm.revisionRegressions, kind: 'max', limit: 0, unit: '' },
  ];
  return { name: 'etcd', tables: [propagationTable(samples), stormTable(storm)], bars, data: { samples, storm } };
}

function propagationTable({ source, watcher }: PropagationSamples): Table {
  const row = (label: string, values: number[]) => [label, values.length, median(values), percentile(values, 90), minimum(values)];
  return {
    title: 'etcd: propagation of a put on one etcd member (ms)',
    columns: ['path', 'samples', 'median', 'p90', 'min'],
    rows: [row('bare etcd3 watcher gets the event (baseline)', watcher), row('EtcdConfigSource → @ConfigValue visible', source)],
    notes: ['Alternating rounds, each timed from sending the put; the app validates a section on every swap.'],
  };
}

function stormTable(storm: StormFigures): Table {
  return {
    title: `etcd: ${storm.outages} outages of 0–200 ms while values change`,
    columns: ['figure', 'value'],
    rows: [
      ['compactions past the cursor', storm.compactions],
      ['writes during the run', storm.writes],
      ['applied swaps', storm.swaps],
      ['differing paths at the end', storm.differingPaths],
      ['revision regressions', storm.revisionRegressions],
      ['last restore → converged (ms)', storm.convergeMs],
    ],
  };
}

/** Standalone: `node bench/dist/etcd/etcd-bench.js` after `tsc -p bench/tsconfig.json`. */
if (require.main === module) {
  etcdBenchmark.run().then(
    (result) => {
      for (const table of result.tables) console.log(`\n${renderTable(table)}`);
      console.log(`\nJSON: ${writeResult(result)}\n${result.bars.map((bar) => formatBar('etcd', bar)).join('\n')}`);
      process.exit(result.bars.every(barPasses) ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
