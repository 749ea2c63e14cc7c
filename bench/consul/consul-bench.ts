import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { barPasses, formatBar, type Bar, type BenchResult, type Benchmark, type Table } from '../lib/bench-result';
import { environment, renderTable } from '../lib/report';
import { median, minimum, percentile } from '../lib/stats';
import { ConsulServerChild } from './consul-server-child';
import { runOutageStorm, type StormFigures } from './outage-storm';
import { measurePropagation, type PropagationSamples } from './propagation';

const ROUNDS = Number(process.env.CONSUL_BENCH_ROUNDS ?? 300);
const WARMUP = 30;
const OUTAGES = Number(process.env.CONSUL_BENCH_OUTAGES ?? 500);

/**
 * The bars of issue 5, on the Consul test server (run in a child process):
 * 1. propagation — a txn write until the new value is visible through `@ConfigValue`: median at
 *    most 2 ms above a bare `fetch` blocking query on the same server, measured in the same run;
 * 2. 500 outages of random length (0–200 ms) while values change: no lost update, no overlapping
 *    requests, at most 2 requests per second while the server is down.
 */
export const consulBenchmark: Benchmark = {
  name: 'consul',
  async run(): Promise<BenchResult> {
    let server = await ConsulServerChild.start();
    let samples: PropagationSamples;
    try {
      samples = await measurePropagation(server, ROUNDS, WARMUP);
    } finally {
      await server.close();
    }
    server = await ConsulServerChild.start();
    let storm: StormFigures;
    try {
      storm = await runOutageStorm(server, OUTAGES);
    } finally {
      await server.close();
    }
    return resultOf(samples, storm);
  },
};

function resultOf(samples: PropagationSamples, storm: StormFigures): BenchResult {
  const overhead = median(samples.source) - median(samples.fetch);
  const rate = storm.requestsWhileDown / storm.countedDownSeconds;
  const bars: Bar[] = [
    { label: 'propagation: median(txn → @ConfigValue) − median(txn → bare fetch)', measured: overhead, kind: 'max', limit: 2, unit: ' ms' },
    {
      label: `lost updates after ${storm.outages} outages (differing paths)`,
      measured: storm.differingPaths,
      kind: 'max',
      limit: 0,
      unit: '',
    },
    { label: 'overlapping requests (max in flight − 1)', measured: storm.maxInFlight - 1, kind: 'max', limit: 0, unit: '' },
    { label: 'requests per second while the server is down', measured: rate, kind: 'max', limit: 2, unit: '/s' },
  ];
  return { name: 'consul', tables: [propagationTable(samples), stormTable(storm, rate)], bars, data: { samples, storm } };
}

function propagationTable({ source, fetch }: PropagationSamples): Table {
  const row = (label: string, values: number[]) => [label, values.length, median(values), percentile(values, 90), minimum(values)];
  return {
    title: 'consul: propagation of a txn write on the Consul test server (ms)',
    columns: ['path', 'samples', 'median', 'p90', 'min'],
    rows: [row('bare fetch blocking query returns (baseline)', fetch), row('ConsulConfigSource → @ConfigValue visible', source)],
    notes: [
      'Alternating rounds on one server in a child process; each from sending PUT /v1/txn.',
      'The app validates a section on every swap; its token bucket is set to 1000/s so no query waits for a token.',
    ],
  };
}

function stormTable(storm: StormFigures, rate: number): Table {
  return {
    title: `consul: ${storm.outages} outages of 0–200 ms while values change (default source options)`,
    columns: ['figure', 'value'],
    rows: [
      ['writes during the run', storm.writes],
      ['applied swaps', storm.swaps],
      ['longest gap between swaps (ms; backoff while flapping)', storm.longestGapMs],
      ['reconnecting reports', storm.reconnects],
      ['outages counted (reset + 500)', storm.countedOutages],
      ['seconds down (counted outages)', storm.countedDownSeconds],
      ['requests + connections while down', storm.requestsWhileDown],
      ['requests per second while down', rate],
      ['max requests in flight', storm.maxInFlight],
      ['paths differing from the server at the end', storm.differingPaths],
      ['counter going backwards between swaps', storm.counterWentBack],
      ['ms from the last outage to convergence', storm.convergenceMs],
    ],
    notes: ['A refused connection never reaches the server, so refused outages are left out of the rate.'],
  };
}

/** Standalone: prints the tables and the bars, writes `bench/results/consul.json`, exits 1 on a failed bar. */
async function main(): Promise<number> {
  const result = await consulBenchmark.run();
  for (const table of result.tables) console.log(`\n${renderTable(table)}`);
  const benchDir = __dirname.split('/').includes('dist') ? join(__dirname, '..', '..') : join(__dirname, '..');
  mkdirSync(join(benchDir, 'results'), { recursive: true });
  const bars = result.bars.map((bar) => ({ ...bar, pass: barPasses(bar) }));
  const contents = {
    name: result.name,
    date: new Date().toISOString(),
    environment: environment(),
    bars,
    tables: result.tables,
    data: result.data,
  };
  writeFileSync(join(benchDir, 'results', 'consul.json'), `${JSON.stringify(contents, null, 2)}\n`);
  console.log(`\n== bars\n${result.bars.map((bar) => formatBar('consul', bar)).join('\n')}`);
  return result.bars.every(barPasses) ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
