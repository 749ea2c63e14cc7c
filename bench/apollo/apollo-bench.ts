import 'reflect-metadata';
import { barPasses, formatBar, type BenchResult, type Benchmark, type Table } from '../lib/bench-result';
import { renderTable } from '../lib/report';
import { median, minimum, percentile } from '../lib/stats';
import { measureApolloPropagation, type ApolloPropagationSamples } from './apollo-propagation';
import { ApolloServerChild } from './apollo-server-child';

const ROUNDS = Number(process.env.APOLLO_BENCH_ROUNDS ?? 300);
const WARMUP = 30;

/**
 * The Apollo bar of issue 30, on the Apollo test server (run in a child process): a release until
 * the new value is visible through `@ConfigValue`, median at most 1 ms above the test server's
 * bare long poll plus `/configs` query, measured in the same run.
 */
export const apolloBenchmark: Benchmark = {
  name: 'apollo',
  async run(): Promise<BenchResult> {
    const server = await ApolloServerChild.start();
    let samples: ApolloPropagationSamples;
    try {
      samples = await measureApolloPropagation(server, ROUNDS, WARMUP);
    } finally {
      await server.close();
    }
    const overhead = median(samples.source) - median(samples.bare);
    return {
      name: 'apollo',
      tables: [propagationTable(samples)],
      bars: [
        {
          label: 'propagation: median(release → @ConfigValue) − median(release → bare long poll + query)',
          measured: overhead,
          kind: 'max',
          limit: 1,
          unit: ' ms',
        },
      ],
      data: { samples },
    };
  },
};

function propagationTable({ source, bare }: ApolloPropagationSamples): Table {
  const row = (label: string, values: number[]) => [label, values.length, median(values), percentile(values, 90), minimum(values)];
  return {
    title: 'apollo: propagation of a release on the Apollo test server (ms)',
    columns: ['path', 'samples', 'median', 'p90', 'min'],
    rows: [row('bare fetch long poll + /configs query (baseline)', bare), row('ApolloConfigSource → @ConfigValue visible', source)],
    notes: [
      'Alternating rounds on one server in a child process; each from sending the release over IPC.',
      'The baseline reads with global fetch (undici); the source with node:http and a keep-alive agent.',
    ],
  };
}

/** Standalone: prints the table and the bar; exits 1 on a failed bar. */
async function main(): Promise<number> {
  const result = await apolloBenchmark.run();
  for (const table of result.tables) console.log(`\n${renderTable(table)}`);
  console.log(`\n== bars\n${result.bars.map((bar) => formatBar('apollo', bar)).join('\n')}`);
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
