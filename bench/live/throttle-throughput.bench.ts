import autocannon from 'autocannon';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { median, minimum } from '../lib/stats';
import { LiveServer } from './live-server-client';

const ROUNDS = Number(process.env.LIVE_BENCH_ROUNDS ?? 16);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 1.5);
const CONNECTIONS = 10;
/** Never reached: every request is let through, so both variants do the same work per request. */
const LIMIT = 1_000_000_000;
/** Short, so the throttler's per-client hit list (scanned on each request) stays small and does not drown the difference. */
const TTL_MS = 100;

/** One autocannon run against one server. */
interface Run {
  readonly variant: 'fixed' | 'live';
  readonly requestsPerSecond: number;
  /** Requests served per second of the server's own CPU time: what other processes on the machine cannot skew. */
  readonly requestsPerCpuSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Issue 4's throughput bar: a route throttled by `liveThrottler`'s definition (limit and TTL read
 * from config on every request) against an identical route of the same app throttled by fixed
 * numbers — one Nest app in a child process, so both routes share its process, JIT and CPU —
 * loaded in turn by autocannon (10 connections, `SECONDS` s per run, the order alternated each
 * round, a warm-up round discarded). Bar: live ≥ 90 % of fixed.
 */
export const throttleThroughputBenchmark: Benchmark = {
  name: 'live-throttle',
  async run(): Promise<BenchResult> {
    const server = await LiveServer.start({ source: 'memory', limit: LIMIT, ttlMs: TTL_MS, fixedLimit: LIMIT, fixedTtlMs: TTL_MS });
    try {
      const runs: Run[][] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        const order: Run['variant'][] = round % 2 ? ['live', 'fixed'] : ['fixed', 'live'];
        const pair: Run[] = [];
        for (const variant of order) pair.push(await load(server, variant));
        if (round > 0) runs.push(pair);
      }
      return resultOf(runs);
    } finally {
      await server.close();
    }
  },
};

async function load(server: LiveServer, variant: Run['variant']): Promise<Run> {
  const cpuBefore = await server.cpuMs();
  const result = await autocannon({ url: `${server.url}/${variant}`, connections: CONNECTIONS, duration: SECONDS });
  const cpuSeconds = ((await server.cpuMs()) - cpuBefore) / 1000;
  return {
    variant,
    requestsPerSecond: result.requests.average,
    requestsPerCpuSecond: result.requests.total / cpuSeconds,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function resultOf(rounds: Run[][]): BenchResult {
  const of = (variant: Run['variant']) => rounds.map((pair) => pair.find((run) => run.variant === variant)!);
  const fixed = of('fixed');
  const live = of('live');
  const ratios = live.map((run, i) => run.requestsPerSecond / fixed[i].requestsPerSecond);
  const failures = [...fixed, ...live].reduce((sum, run) => sum + run.non2xx + run.errors, 0);
  const bar: Bar = {
    label: 'live-limit route req/s ÷ fixed-limit route req/s (median of per-round ratios)',
    measured: median(ratios) * 100,
    kind: 'min',
    limit: 90,
    unit: ' %',
    ...(failures ? { invalid: `${failures} requests were refused or failed; the limit must never be reached` } : {}),
  };
  const cpuRatios = live.map((run, i) => run.requestsPerCpuSecond / fixed[i].requestsPerCpuSecond);
  const row = (name: string, runs: Run[]) => [
    name,
    median(runs.map((run) => run.requestsPerSecond)),
    minimum(runs.map((run) => run.requestsPerSecond)),
    median(runs.map((run) => run.requestsPerCpuSecond)),
    median(runs.map((run) => run.p99Ms)),
    runs.reduce((sum, run) => sum + run.non2xx + run.errors, 0),
  ];
  const table: Table = {
    title: `live-throttle: GET /fixed and GET /live under @nestjs/throttler, ${ROUNDS} rounds × ${SECONDS} s per variant, ${CONNECTIONS} connections`,
    columns: ['variant', 'median req/s', 'min req/s', 'median req per server CPU-s', 'median p99 ms', 'non-2xx + errors'],
    rows: [row('GET /fixed: fixed numbers', fixed), row('GET /live: liveThrottlerDefinition(config, RateLimitConfig)', live)],
    notes: [
      `One Nest app (ConfigCenterModule + ThrottlerModule with a fixed and a live throttler, each route skipping the other's).`,
      `Limit ${LIMIT} per ${TTL_MS} ms is never reached. Per-round req/s ratios (live ÷ fixed): ${percentages(ratios)}.`,
      `Per-round ratios of requests per server CPU-second, which CPU taken by other processes does not skew: ${percentages(cpuRatios)}`,
      `(median ${(median(cpuRatios) * 100).toFixed(1)} %).`,
    ],
  };
  return { name: 'live-throttle', tables: [table], bars: [bar], data: { rounds, ratios, cpuRatios } };
}

function percentages(ratios: readonly number[]): string {
  return ratios.map((ratio) => `${(ratio * 100).toFixed(1)} %`).join(', ');
}
