import 'reflect-metadata';
import type { BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, minimum, percentile } from '../lib/stats';
import { measureApolloPropagation, type ApolloPropagationSamples } from './apollo-propagation';
import { ApolloServerChild } from './apollo-server-child';

const ROUNDS = Number(process.env.APOLLO_BENCH_ROUNDS ?? 300);
const WARMUP = 30;

/**
 * The Apollo propagation bar, on the Apollo test server (run in a child process): a release until
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
