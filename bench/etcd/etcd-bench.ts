import 'reflect-metadata';
import { Etcd3 } from 'etcd3';
import type { BenchResult, Benchmark } from '../lib/bench-result';
import { runBurst, seedBurstKeys, type BurstFigures } from './etcd-burst-writer';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { LOAD_KEYS_PER_SECTION, LOAD_SECTIONS, seedInitialLoadKeys } from './etcd-initial-load';
import { runOutageStorm } from './etcd-outage-storm';
import { runFanout, type FanoutSide } from './etcd-fanout';
import { runSoak } from './etcd-soak';
import { PROPAGATION_WARMUP_ROUNDS, type PropagationSamples } from './etcd-propagation';
import type { InitialLoadRound } from './etcd-measurements';
import { BURST_PUTS, etcdResult } from './etcd-report';
import { EtcdBenchWorker } from './etcd-worker-client';

const PUTS = Number(process.env.BENCH_ETCD_PUTS ?? 1000);
const LOAD_ROUNDS = Number(process.env.BENCH_ETCD_LOAD_ROUNDS ?? 10);
const LOAD_WARM_REPEATS = 3;
const BURST_WARMUP_PUTS = 1000;
/** Keys of the validated section a burst lands in: a typical section, and one as wide as the initial load's. */
const BURST_SECTION_KEYS = [10, 100];
const OUTAGES = Number(process.env.BENCH_ETCD_OUTAGES ?? 40);
const SOAK_UPDATES = Number(process.env.BENCH_ETCD_SOAK_UPDATES ?? 100_000);
const FANOUT_WATCHERS = Number(process.env.BENCH_ETCD_FANOUT_WATCHERS ?? 1000);
const FANOUT_PUTS = 200;

/**
 * The bars of issues 3 and 12, each against raw `etcd3` in the same run on the same etcd (one member of
 * `packages/etcd/test/harness`, on free loopback ports with a temp data dir):
 * 1. propagation, 1,000 sequential puts: put → `@ConfigValue` median at most raw put → watch
 *    event median + 0.5 ms, p99 at most 1.5× raw p99;
 * 2. initial load of 10,000 keys in 100 validated sections: at most 1.5× a hand-written loader doing
 *    the same work with public APIs (etcd3 prefix get, `plainToInstance`, `validateSync`); the
 *    longest event-loop block during each first load is reported beside it, as context;
 * 3. a burst of 5,000 puts from one client: the last put's revision applied within 200 ms of a bare
 *    etcd3 watcher (its own process) seeing it, and `heapUsed` after forced GC back within 10% of its level before — into
 *    a validated section of 10 keys, and again into one of 100 (the initial load's width);
 * 4. a soak of 100,000 puts: heap and RSS growth from the 20,000th to the last at most 10 %, and
 *    the process exits by itself after `app.close()`;
 * 5. a fan-out of one put to 1,000 sources in 4 processes, one etcd3 client each: p99 until the
 *    last applied at most 1.6× the same for 1,000 raw watchers, and CPU per source per put at most
 *    1.8× theirs (issue 29; see `measureFanout`).
 * Also, as context, an outage storm with its no-lost-update and monotonic-revision checks.
 * Each measurement runs in its own child process (`etcd-bench.worker.ts`, with `--expose-gc`).
 */
export const etcdBenchmark: Benchmark = {
  name: 'etcd',
  async run(): Promise<BenchResult> {
    const cluster = await loadEtcdHarness().EtcdCluster.start();
    const endpoint = cluster.endpoints[0];
    const writer = new Etcd3({ hosts: endpoint });
    try {
      const propagation = await measurePropagationInWorker(endpoint);
      const seeded = await seedInitialLoadKeys(writer);
      const initialLoad = await measureInitialLoad(endpoint, seeded);
      const bursts: BurstFigures[][] = [];
      for (const keys of BURST_SECTION_KEYS) bursts.push(await measureBursts(writer, endpoint, keys));
      const storm = await runOutageStorm(endpoint, OUTAGES);
      const soak = await runSoak(writer, endpoint, SOAK_UPDATES);
      const fanout = { watchers: FANOUT_WATCHERS, ...(await measureFanout(writer, endpoint)) };
      return etcdResult({ propagation, initialLoad, bursts, storm, soak, fanout });
    } finally {
      writer.close();
      await cluster.stop();
    }
  },
};

/**
 * The fan-out in blocks of half the puts each, raw → library → library → raw, each block with
 * fresh workers: a load of the machine that rises or falls over the minutes it takes weighs on
 * both sides alike. Each side's samples are pooled.
 */
async function measureFanout(writer: Etcd3, endpoint: string): Promise<Record<'raw' | 'library', FanoutSide>> {
  const blocks: Record<'raw' | 'library', FanoutSide[]> = { raw: [], library: [] };
  for (const kind of ['raw', 'library', 'library', 'raw'] as const) {
    blocks[kind].push(await runFanout(writer, endpoint, kind, FANOUT_WATCHERS, FANOUT_PUTS / 2));
  }
  const mean = (sides: FanoutSide[], figure: (side: FanoutSide) => number) =>
    sides.reduce((sum, side) => sum + figure(side), 0) / sides.length;
  const pooled = (sides: FanoutSide[]): FanoutSide => ({
    latencyMs: sides.flatMap((side) => side.latencyMs),
    heapPerWatcherBytes: mean(sides, (side) => side.heapPerWatcherBytes),
    cpuMicrosPerWatcher: mean(sides, (side) => side.cpuMicrosPerWatcher),
  });
  return { raw: pooled(blocks.raw), library: pooled(blocks.library) };
}

async function measurePropagationInWorker(endpoint: string): Promise<PropagationSamples> {
  const worker = EtcdBenchWorker.start('propagation', endpoint, PUTS, PROPAGATION_WARMUP_ROUNDS);
  const { raw, library } = await worker.next('propagation');
  await worker.exit();
  return { raw, library };
}

/** `LOAD_ROUNDS` rounds, each one raw and one library worker (a fresh process each), in alternating order. */
async function measureInitialLoad(endpoint: string, seeded: number): Promise<InitialLoadRound[]> {
  const expected = LOAD_SECTIONS * LOAD_KEYS_PER_SECTION;
  if (seeded !== expected) throw new Error(`seeded ${seeded} keys, expected ${expected}`);
  const rounds: InitialLoadRound[] = [];
  for (let round = 0; round < LOAD_ROUNDS; round++) {
    const order = round % 2 === 0 ? (['raw', 'library'] as const) : (['library', 'raw'] as const);
    const taken: { -readonly [K in keyof InitialLoadRound]?: InitialLoadRound[K] } = {};
    for (const kind of order) {
      const worker = EtcdBenchWorker.start('initial-load', endpoint, kind, LOAD_WARM_REPEATS);
      const sample = await worker.next('initial-load');
      await worker.exit();
      if (sample.keys !== expected) throw new Error(`${kind} initial load delivered ${sample.keys} keys, expected ${expected}`);
      taken[kind] = { coldMs: sample.coldMs, warmMs: sample.warmMs, coldBlockMs: sample.coldBlockMs };
    }
    rounds.push(taken as InitialLoadRound);
  }
  return rounds;
}

/** A warm-up burst, then the measured one, against one app process whose section has `keys` keys and a bare watcher's. */
async function measureBursts(writer: Etcd3, endpoint: string, keys: number): Promise<BurstFigures[]> {
  await seedBurstKeys(writer, keys);
  const watchers = { app: EtcdBenchWorker.start('burst', endpoint, keys), raw: EtcdBenchWorker.start('burst-watch', endpoint, keys) };
  const both = [watchers.app, watchers.raw];
  try {
    await Promise.all(both.map((worker) => worker.next('ready')));
    const warmup = await runBurst(writer, watchers, keys, BURST_WARMUP_PUTS);
    const measured = await runBurst(writer, watchers, keys, BURST_PUTS);
    for (const worker of both) worker.send({ kind: 'close' });
    await Promise.all(both.map((worker) => worker.next('closed')));
    return [warmup, measured];
  } finally {
    await Promise.all(both.map((worker) => worker.exit()));
  }
}
