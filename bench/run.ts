import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { apolloBenchmark } from './apollo/apollo-bench';
import { applyCostBenchmark } from './apply-cost/apply-cost.bench';
import { cliPublishConsulBenchmark } from './cli/cli-publish-consul';
import { cliPublishBenchmark } from './cli/cli-publish';
import { consulBenchmark } from './consul/consul-bench';
import { etcdBenchmark } from './etcd/etcd-bench';
import { filePropagationBenchmark } from './file/file-propagation.bench';
import { fleetBenchmark } from './fleet/fleet.bench';
import { metricsBenchmark } from './metrics/metrics.bench';
import { barPasses, formatBar, type Bar, type Benchmark } from './lib/bench-result';
import { renderTable, writeResult } from './lib/report';
import { changeToBehaviourBenchmark } from './live/change-to-behaviour.bench';
import { throttleThroughputBenchmark } from './live/throttle-throughput.bench';
import { readPathBenchmark } from './read-path/read-path.bench';
import { schemaSectionsBenchmark } from './schema-sections/schema-sections.bench';
import { secretsBenchmark } from './secrets/secrets.bench';
import { startupBenchmark } from './startup/startup.bench';
import { tornReadsBenchmark } from './torn-reads/torn-reads.bench';

/**
 * `npm run bench`: runs every benchmark (or those named on the command line), prints one table
 * per benchmark, writes `bench/results/<name>.json`, then prints PASS or FAIL for each bar and
 * exits non-zero when any bar fails or any benchmark crashes. Last, it renders docs/benchmarks.md
 * from the JSON files (scripts/bench-docs.js).
 */
const BENCHMARKS: readonly Benchmark[] = [
  readPathBenchmark,
  applyCostBenchmark,
  startupBenchmark,
  schemaSectionsBenchmark,
  secretsBenchmark,
  tornReadsBenchmark,
  filePropagationBenchmark,
  consulBenchmark,
  apolloBenchmark,
  etcdBenchmark,
  throttleThroughputBenchmark,
  changeToBehaviourBenchmark,
  cliPublishConsulBenchmark,
  cliPublishBenchmark,
  metricsBenchmark,
  fleetBenchmark,
];

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHMARKS.some((bench) => bench.name === name));
  if (unknown.length) throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const selected = BENCHMARKS.filter((bench) => !wanted.length || wanted.includes(bench.name));
  const verdicts: string[] = [];
  let failed = 0;
  for (const bench of selected) {
    const started = Date.now();
    try {
      const result = await bench.run();
      for (const table of result.tables) console.log(`\n${renderTable(table)}`);
      const path = writeResult(result);
      console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s; JSON: ${path})`);
      failed += result.bars.filter((bar: Bar) => !barPasses(bar)).length;
      verdicts.push(...result.bars.map((bar) => formatBar(bench.name, bar)));
    } catch (error) {
      failed++;
      console.error(`\n${bench.name} crashed:`, error);
      verdicts.push(`FAIL  ${bench.name}  crashed: ${(error as Error).message}`);
    }
  }
  console.log(`\n== bars\n${verdicts.join('\n')}`);
  console.log(failed ? `\n${failed} bar(s) failed` : '\nall bars pass');
  // docs/benchmarks.md carries the figures of bench/results/*.json; one script owns that rendering.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'bench-docs.js')], { stdio: 'inherit' });
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
