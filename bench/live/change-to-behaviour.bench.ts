import { spawn } from 'node:child_process';
import { Etcd3 } from 'etcd3';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { median, minimum, percentile } from '../lib/stats';
import { LimitProber } from './limit-prober';
import { LiveServer } from './live-server-client';

const CHANGES = Number(process.env.LIVE_BENCH_CHANGES ?? 100);
const WARMUP = 10;
const PREFIX = '/bench/live/';
const KEY = `${PREFIX}rateLimit/limit`;
/** Far above what the prober sends in a window: no request is refused. */
const BASE_LIMIT = 1_000_000;

/** One change, in milliseconds from when `etcdctl put` printed OK (its put acknowledged by etcd). */
interface ChangeSample {
  /** `etcdctl` started → OK: the tool's own start-up and round trip, as context. */
  readonly putMs: number;
  /** OK → a bare etcd3 watch on the key got the event (negative: it came before OK was read). */
  readonly watchMs: number;
  /** OK → the first response from the app that enforced the new limit. */
  readonly behaviourMs: number;
}

/**
 * Issue 4's change → behaviour bar: `etcdctl put` of a new limit, then the time until the first
 * request that sees it (a prober sends `GET /live` back to back and reads `X-RateLimit-Limit-live`),
 * over `CHANGES` changes, next to a bare etcd3 watch on the same key in the same run. The app — a
 * Nest app with `EtcdConfigSource` and `liveThrottler` — runs in a child process. Bar: median < 20 ms.
 */
export const changeToBehaviourBenchmark: Benchmark = {
  name: 'live-change',
  async run(): Promise<BenchResult> {
    const cluster = await loadEtcdHarness().EtcdCluster.start();
    const [endpoint] = cluster.endpoints;
    const client = new Etcd3({ hosts: endpoint });
    let server: LiveServer | undefined;
    let prober: LimitProber | undefined;
    try {
      await etcdctl(endpoint, String(BASE_LIMIT));
      await client.put(`${PREFIX}rateLimit/ttlMs`).value('60000');
      server = await LiveServer.start({
        source: 'etcd',
        endpoints: [endpoint],
        prefix: PREFIX,
        fixedLimit: BASE_LIMIT,
        fixedTtlMs: 60_000,
      });
      prober = new LimitProber(server.url);
      await prober.seen(BASE_LIMIT);
      const samples = await measure(endpoint, client, prober);
      return resultOf(samples, prober.requests);
    } finally {
      await prober?.stop();
      await server?.close();
      client.close();
      await cluster.stop();
    }
  },
};

async function measure(endpoint: string, client: Etcd3, prober: LimitProber): Promise<ChangeSample[]> {
  const watched = new Map<string, number>();
  const watcher = await client.watch().key(KEY).create();
  watcher.on('put', (kv) => watched.set(kv.value.toString(), performance.now()));
  const samples: ChangeSample[] = [];
  try {
    for (let i = 1; i <= WARMUP + CHANGES; i++) {
      const limit = BASE_LIMIT + i;
      const behaviour = prober.seen(limit);
      const started = performance.now();
      const ok = await etcdctl(endpoint, String(limit));
      const seenAt = await withTimeout(behaviour, 5000, `limit ${limit} to be enforced`);
      const watchedAt = await until(() => watched.get(String(limit)), 5000, `the watch event of ${limit}`);
      if (i > WARMUP) samples.push({ putMs: ok - started, watchMs: watchedAt - ok, behaviourMs: seenAt - ok });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await watcher.cancel();
  }
  return samples;
}

/** Runs `etcdctl put <KEY> <value>`; resolves with the time OK was read from its output. */
function etcdctl(endpoint: string, value: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('etcdctl', ['--endpoints', endpoint, 'put', KEY, value], { env: { ...process.env, ETCDCTL_API: '3' } });
    let output = '';
    let okAt: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (okAt === undefined && output.includes('OK')) okAt = performance.now();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) => reject(new Error(`etcdctl cannot be run: ${error.message}`)));
    child.once('close', (code) =>
      code === 0 && okAt !== undefined ? resolve(okAt) : reject(new Error(`etcdctl put failed: ${output.trim()}`)),
    );
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function until<T>(read: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (let value = read(); ; value = read()) {
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function resultOf(samples: ChangeSample[], requests: number): BenchResult {
  const column = (pick: (sample: ChangeSample) => number) => samples.map(pick);
  const behaviour = column((sample) => sample.behaviourMs);
  const watch = column((sample) => sample.watchMs);
  const overhead = samples.map((sample) => sample.behaviourMs - sample.watchMs);
  const row = (label: string, values: number[]) => [label, median(values), percentile(values, 90), percentile(values, 99), minimum(values)];
  const table: Table = {
    title: `live-change: etcdctl put of a new limit → behaviour, ${samples.length} changes (ms)`,
    columns: ['measure', 'median', 'p90', 'p99', 'min'],
    rows: [
      row(
        'etcdctl put: start → OK (the tool itself, context)',
        column((sample) => sample.putMs),
      ),
      row('raw put → watch: OK → bare etcd3 watch event', watch),
      row('change → behaviour: OK → first request with the new limit', behaviour),
      row('behaviour − raw watch (the library and the app)', overhead),
      row(
        'etcdctl start → first request with the new limit (context)',
        column((sample) => sample.putMs + sample.behaviourMs),
      ),
    ],
    notes: [
      `Times from the moment etcdctl printed OK (etcd acknowledged the put); negative: the event came first.`,
      `The app (Nest, EtcdConfigSource, liveThrottler) runs in a child process; a prober sent ${requests} GET /live back to back.`,
    ],
  };
  const bar: Bar = {
    label: 'median change → behaviour after etcdctl put',
    measured: median(behaviour),
    kind: 'max',
    limit: 20,
    unit: ' ms',
  };
  return { name: 'live-change', tables: [table], bars: [bar], data: { samples } };
}
