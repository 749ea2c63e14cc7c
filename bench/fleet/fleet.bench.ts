import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { run } from '@config-center/cli';
import type { BenchResult, Benchmark } from '../lib/bench-result';
import { loadEtcdHarness } from '../lib/etcd-harness';
import { elapsedNs, now } from '../lib/stats';
import { exchange, expectReply } from '../lib/worker-exchange';
import { readEtcdCounters, receivedBetween, type EtcdCounters } from './fleet-etcd-metrics';
import { fleetResult, type FleetIdle, type FleetRound } from './fleet-report';
import type { FleetWorkerReply } from './fleet.worker';

const INSTANCES = Number(process.env.BENCH_FLEET_INSTANCES ?? 1000);
const PROCESSES = 4;
const ROUNDS = Number(process.env.BENCH_FLEET_ROUNDS ?? 7);
const WARMUP_ROUNDS = 1;
const IDLE_WINDOW_MS = 10_000;
/** After a round, how long the records may still be written (coalesced writes come at most every 500 ms). */
const SETTLE_MS = 1500;
const PREFIX = '/bench/fleet/orders/';
const SECTIONS_MODULE = join(__dirname, 'fleet.sections.js');

/** What `publish --wait --json` prints, as far as the benchmark checks it. */
interface WaitedPublish {
  readonly version: number;
  readonly diff: { readonly changes: readonly unknown[] };
  readonly wait: { readonly rollout: { readonly outcome: string; readonly totals: string; readonly waitedMs: number } };
}

/**
 * `fleet` (issue 16): 1,000 reporting instances in 4 processes on one etcd. Each round is the
 * CLI's own `publish FILE --wait --json` (in this process, through `run` of @config-center/cli:
 * validate, the compare-and-swap transaction with its history record, then rollout reads until
 * every live instance runs the new version), timed from the call to its return. Bars: median
 * ≤ 1 s; etcd puts per change per instance ≤ 1 (`etcd_mvcc_put_total` over the round, less the
 * publish's own puts). Reported: etcd's gRPC messages per second at idle, by method.
 */
export const fleetBenchmark: Benchmark = {
  name: 'fleet',
  async run(): Promise<BenchResult> {
    const cluster = await loadEtcdHarness().EtcdCluster.start();
    const endpoint = cluster.endpoints[0];
    const dir = mkdtempSync(join(tmpdir(), 'config-center-fleet-'));
    const workers: ChildProcess[] = [];
    try {
      await cli(endpoint, dir, ['publish', proposal(dir, 0), '-m', 'before the fleet']);
      const perProcess = Math.ceil(INSTANCES / PROCESSES);
      for (let p = 0; p < PROCESSES; p++) {
        const count = Math.min(perProcess, INSTANCES - p * perProcess);
        workers.push(fork(join(__dirname, 'fleet.worker.js'), [endpoint, PREFIX, String(p * perProcess), String(count), String(p)]));
      }
      const started = now();
      const ready = await Promise.all(workers.map((worker, p) => exchange<FleetWorkerReply>(worker, `fleet worker ${p}`)));
      const startMs = elapsedNs(started) / 1e6;
      const running = ready.reduce((sum, reply, p) => sum + expectReply(reply, 'ready', `fleet worker ${p}`).instances, 0);
      await allReporting(endpoint, dir, running);
      const rounds: FleetRound[] = [];
      for (let round = 1; round <= WARMUP_ROUNDS + ROUNDS; round++) {
        const measured = await publishRound(endpoint, dir, round, running, workers);
        if (round > WARMUP_ROUNDS) rounds.push(measured);
        await sleep(SETTLE_MS);
      }
      const idle = await idleRate(endpoint);
      const setup = { processes: PROCESSES, warmupRounds: WARMUP_ROUNDS, settleMs: SETTLE_MS, idleWindowMs: IDLE_WINDOW_MS };
      return fleetResult({ ...setup, instances: running, startMs, rounds, idle });
    } finally {
      await Promise.all(
        workers.map(async (worker, p) => {
          if (!worker.connected) return;
          await exchange<FleetWorkerReply>(worker, `fleet worker ${p}`, { kind: 'close' }).catch(() => worker.kill('SIGKILL'));
        }),
      );
      rmSync(dir, { recursive: true, force: true });
      await cluster.stop();
    }
  },
};

/** A proposal that sets `rateLimit.limit` to `2 + round`: every round changes one key. */
function proposal(dir: string, round: number): string {
  const path = join(dir, `round-${round}.yaml`);
  writeFileSync(path, `rateLimit:\n  limit: ${2 + round}\n`);
  return path;
}

/** Runs the CLI in this process (its public `run`); its stdout, or an error with its stderr when it exits non-zero. */
async function cli(endpoint: string, cwd: string, args: readonly string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (write(String(chunk)), done()) });
  const flags = ['--etcd', endpoint, '--prefix', PREFIX, '--sections', SECTIONS_MODULE, '--author', 'bench'];
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CONFIG_CENTER_')));
  const code = await run([...flags, ...args], {
    stdout: sink((text) => (stdout += text)),
    stderr: sink((text) => (stderr += text)),
    env,
    cwd,
  });
  if (code !== 0) throw new Error(`config-center ${args.join(' ')} exited ${code}: ${stderr.trim()} ${stdout.trim()}`);
  return stdout;
}

/** Waits until `rollout` lists every instance on the first version. */
async function allReporting(endpoint: string, dir: string, instances: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const view = JSON.parse(await cli(endpoint, dir, ['rollout', '--json'])) as { totals: { instances: number; applied: number } };
    if (view.totals.applied === instances && view.totals.instances === instances) return;
    if (Date.now() > deadline) throw new Error(`only ${view.totals.applied}/${view.totals.instances} of ${instances} instances report`);
    await sleep(500);
  }
}

/** One `publish --wait --json`, timed; checked to have applied on every instance. */
async function publishRound(endpoint: string, dir: string, round: number, instances: number, workers: ChildProcess[]): Promise<FleetRound> {
  const file = proposal(dir, round);
  const before = await readEtcdCounters(endpoint);
  const started = now();
  const stdout = await cli(endpoint, dir, ['publish', file, '-m', `round ${round}`, '--wait', '--timeout', '60', '--json']);
  const publishToAllAppliedMs = elapsedNs(started) / 1e6;
  const lastAppliedMs = Number((await lastApplied(workers)) - started) / 1e6;
  const published = JSON.parse(stdout) as WaitedPublish;
  const expected = `${instances}/${instances} applied v${published.version}`;
  if (published.wait.rollout.outcome !== 'applied' || published.wait.rollout.totals !== expected) {
    throw new Error(`round ${round}: ${published.wait.rollout.outcome}, ${published.wait.rollout.totals} (expected ${expected})`);
  }
  await sleep(SETTLE_MS);
  const after: EtcdCounters = await readEtcdCounters(endpoint);
  // The publish's transaction: each changed key, the history record and the version counter.
  const publishPuts = published.diff.changes.length + 2;
  const waitAfterCommitMs = published.wait.rollout.waitedMs;
  return { publishToAllAppliedMs, waitAfterCommitMs, lastAppliedMs, puts: after.puts - before.puts, publishPuts };
}

/** When the last instance of every worker swapped in the new config (`process.hrtime.bigint()`, one clock for all processes). */
async function lastApplied(workers: readonly ChildProcess[]): Promise<bigint> {
  const replies = await Promise.all(
    workers.map((worker, p) => exchange<FleetWorkerReply>(worker, `fleet worker ${p}`, { kind: 'last-applied' })),
  );
  return replies.reduce((latest, reply, p) => {
    const at = BigInt(expectReply(reply, 'last-applied', `fleet worker ${p}`).atNs);
    return at > latest ? at : latest;
  }, 0n);
}

/** etcd's gRPC messages received per second over an idle window, by method, and the puts in it. */
async function idleRate(endpoint: string): Promise<FleetIdle> {
  await sleep(2000);
  const before = await readEtcdCounters(endpoint);
  await sleep(IDLE_WINDOW_MS);
  const after = await readEtcdCounters(endpoint);
  const perSecond = receivedBetween(before, after).map(([method, count]): [string, number] => [method, count / (IDLE_WINDOW_MS / 1000)]);
  return { perSecond, puts: after.puts - before.puts };
}
