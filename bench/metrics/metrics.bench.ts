import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { median, percentile } from '../lib/stats';
import { measureApplyCost, type ApplySamples } from './metrics-apply';
import { measurePropagation, type PropagationPairs } from './metrics-propagation';
import { measureScrape, type ScrapeSamples } from './metrics-scrape';

const APPLY = { warmupBlocks: 20, blocks: 60, blockSize: 50 };
const PROPAGATION_ROUNDS = Number(process.env.BENCH_METRICS_PROPAGATION_ROUNDS ?? 600);
const PROPAGATION_WARMUP = 50;
/** Rounds per block of the propagation ratio: a ratio of block medians, then the median over blocks. */
const PROPAGATION_BLOCK = 30;
const SCRAPE_SOURCES = 20;
const SCRAPES = 2000;
const SCRAPE_WARMUP = 200;

/** Everything the metrics benchmark measured. */
interface MetricsMeasurements {
  readonly apply: ApplySamples;
  readonly propagation: PropagationPairs;
  readonly scrape: ScrapeSamples;
}

/**
 * The bars of issue 15 on the cost of the Prometheus metrics, each with metrics off as the
 * baseline in the same run: a one-key apply (memory source) and put → applied propagation (real
 * etcd from the test harness) each within 1.1× with metrics on, as the median of the ratios of
 * interleaved blocks; and a scrape (`registry.metrics()`) of an app with 20 sources in at most 1 ms
 * median.
 */
export const metricsBenchmark: Benchmark = {
  name: 'metrics',
  async run(): Promise<BenchResult> {
    const apply = await measureApplyCost(APPLY);
    const cluster = await loadEtcdHarness().EtcdCluster.start();
    let propagation: PropagationPairs;
    try {
      propagation = await measurePropagation(cluster.endpoints[0], PROPAGATION_ROUNDS, PROPAGATION_WARMUP);
    } finally {
      await cluster.stop();
    }
    const scrape = await measureScrape(SCRAPE_SOURCES, SCRAPES, SCRAPE_WARMUP);
    return metricsResult({ apply, propagation, scrape });
  },
};

/** The ratio of block medians (on ÷ off) of each block of `size` pairs. */
function blockRatios(off: readonly number[], on: readonly number[], size: number): number[] {
  const ratios: number[] = [];
  for (let start = 0; start + size <= off.length; start += size) {
    ratios.push(median(on.slice(start, start + size)) / median(off.slice(start, start + size)));
  }
  return ratios;
}

function metricsResult(m: MetricsMeasurements): BenchResult {
  const applyRatios = m.apply.prometheus.map((ns, block) => ns / m.apply.off[block]);
  const openTelemetryRatios = m.apply.opentelemetry.map((ns, block) => ns / m.apply.off[block]);
  const propagationRatios = blockRatios(m.propagation.offMs, m.propagation.onMs, PROPAGATION_BLOCK);
  const scrapeMs = m.scrape.samplesNs.map((ns) => ns / 1e6);
  const bars: Bar[] = [
    {
      label: 'one-key apply, metrics on / off (median of block ratios)',
      measured: median(applyRatios),
      kind: 'max',
      limit: 1.1,
      unit: '×',
    },
    {
      label: 'put → applied on etcd, metrics on / off (median of block ratios)',
      measured: median(propagationRatios),
      kind: 'max',
      limit: 1.1,
      unit: '×',
    },
    {
      label: `scrape of the metrics with ${m.scrape.sources} sources (median)`,
      measured: median(scrapeMs),
      kind: 'max',
      limit: 1,
      unit: ' ms',
    },
  ];
  const settings = { apply: APPLY, propagation: { rounds: PROPAGATION_ROUNDS, warmup: PROPAGATION_WARMUP, block: PROPAGATION_BLOCK } };
  const data = { settings, ...m, applyRatios, openTelemetryRatios, propagationRatios };
  const overhead = overheadTable(m, [applyRatios, openTelemetryRatios, propagationRatios]);
  return { name: 'metrics', tables: [overhead, scrapeTable(m.scrape, scrapeMs)], bars, data };
}

function overheadTable(m: MetricsMeasurements, [applyRatios, openTelemetryRatios, propagationRatios]: number[][]): Table {
  const spread = (ratios: number[]) => [10, 50, 90].map((p) => percentile(ratios, p).toFixed(3)).join(' / ');
  const us = (ns: number[]) => median(ns) / 1e3;
  return {
    title: 'metrics: cost of the metrics on a change (metrics off is the baseline of the same run)',
    columns: ['figure', 'off (median)', 'on (median)', 'on / off', 'ratio p10 / p50 / p90'],
    rows: [
      ['one-key apply, µs', us(m.apply.off), us(m.apply.prometheus), median(applyRatios).toFixed(3), spread(applyRatios)],
      [
        'one-key apply, OpenTelemetry metrics, µs',
        us(m.apply.off),
        us(m.apply.opentelemetry),
        median(openTelemetryRatios).toFixed(3),
        spread(openTelemetryRatios),
      ],
      [
        'put → applied on etcd, ms',
        median(m.propagation.offMs),
        median(m.propagation.onMs),
        median(propagationRatios).toFixed(3),
        spread(propagationRatios),
      ],
    ],
    notes: [
      `apply: memory.set() of one key until the injected section reads it; ${APPLY.blocks} blocks of ${APPLY.blockSize} changes per side`,
      `(after ${APPLY.warmupBlocks} warm-up blocks), one app per side in one process, blocks taken in turn; a ratio is on ÷ off of one turn's block medians.`,
      'Prometheus rows are the bars; the OpenTelemetry row (SDK MeterProvider, metrics only) is context.',
      `propagation: ${PROPAGATION_ROUNDS} rounds (after ${PROPAGATION_WARMUP}), one put per side per round in alternating order, on one etcd;`,
      `a ratio is on ÷ off of the medians of ${PROPAGATION_BLOCK} rounds. The figure is the median ratio.`,
    ],
  };
}

function scrapeTable(scrape: ScrapeSamples, scrapeMs: number[]): Table {
  return {
    title: `metrics: registry.metrics() of an app with ${scrape.sources} sources, ms`,
    columns: ['scrapes', 'characters', 'median ms', 'p10 ms', 'p90 ms', 'p99 ms'],
    rows: [
      [
        scrapeMs.length,
        scrape.scrapeLength,
        median(scrapeMs),
        percentile(scrapeMs, 10),
        percentile(scrapeMs, 90),
        percentile(scrapeMs, 99),
      ],
    ],
    notes: [`each scrape awaited before the next, after ${SCRAPE_WARMUP} warm-up scrapes; a bare prom-client registry of the app's own.`],
  };
}
