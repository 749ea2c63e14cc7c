import type { Bar, BenchResult } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { FLEET_TTL_SECONDS } from './fleet.worker';

/** One round: the whole `publish --wait`, the wait after the commit, the last instance's swap, and the puts etcd counted for it. */
export interface FleetRound {
  readonly publishToAllAppliedMs: number;
  readonly waitAfterCommitMs: number;
  /** From the call until the last instance swapped in the new config (before it wrote its record). */
  readonly lastAppliedMs: number;
  readonly puts: number;
  readonly publishPuts: number;
}

/** etcd's gRPC messages received per second over the idle window, by method, and the puts in it. */
export interface FleetIdle {
  readonly perSecond: [string, number][];
  readonly puts: number;
}

/** What one fleet run measured, and the settings its notes name. */
export interface FleetRun {
  readonly instances: number;
  readonly processes: number;
  readonly warmupRounds: number;
  readonly settleMs: number;
  readonly idleWindowMs: number;
  /** How long the instances took to start. */
  readonly startMs: number;
  readonly rounds: readonly FleetRound[];
  readonly idle: FleetIdle;
}

/** The table and bars of the fleet benchmark: publish → every instance applied, and etcd writes per change per instance. */
export function fleetResult(run: FleetRun): BenchResult {
  const { instances, rounds, idle, startMs } = run;
  const latency = rounds.map((round) => round.publishToAllAppliedMs);
  const waits = rounds.map((round) => round.waitAfterCommitMs);
  const applies = rounds.map((round) => round.lastAppliedMs);
  const writesPerInstance = rounds.map((round) => (round.puts - round.publishPuts) / instances);
  const idleTotal = idle.perSecond.reduce((sum, [, rate]) => sum + rate, 0);
  const bars: Bar[] = [
    {
      label: `publish → rollout shows ${instances}/${instances} applied, median`,
      measured: median(latency),
      kind: 'max',
      limit: 1000,
      unit: ' ms',
    },
    {
      label: 'etcd writes per change per instance (max of rounds)',
      measured: Math.max(...writesPerInstance),
      kind: 'max',
      limit: 1,
      unit: '',
    },
  ];
  const table = {
    title: `fleet: ${instances} reporting instances in ${run.processes} processes on one etcd`,
    columns: ['figure', 'median', 'p10', 'p90'],
    rows: [
      ['publish --wait: call → every instance applied, ms', median(latency), percentile(latency, 10), percentile(latency, 90)],
      ['  of which after the commit (--wait), ms', median(waits), percentile(waits, 10), percentile(waits, 90)],
      ['call → the last instance swapped (watch + apply), ms', median(applies), percentile(applies, 10), percentile(applies, 90)],
      ['etcd puts per change per instance', median(writesPerInstance), Math.min(...writesPerInstance), Math.max(...writesPerInstance)],
      [`idle: etcd gRPC messages/s (${run.idleWindowMs / 1000} s window)`, idleTotal, idleTotal, idleTotal],
      ...idle.perSecond.map(([method, rate]): [string, number, number, number] => [`  ${method}/s`, rate, rate, rate]),
    ],
    notes: [
      `${rounds.length} rounds after ${run.warmupRounds} warm-up; each publishes one changed key with the CLI's own code (run() of @config-center/cli, in process).`,
      'Each instance: an EtcdConfigSource with its own etcd3 client and report on (defaults), in a ConfigStore with one section.',
      `Puts: etcd_mvcc_put_total over the round and ${run.settleMs} ms after, less the publish's own (changed keys + record + counter).`,
      `Idle: grpc_server_msg_received_total (keep-alives are messages on one stream per instance; TTL ${FLEET_TTL_SECONDS} s); ${idle.puts} puts.`,
      `The ${instances} instances started in ${(startMs / 1000).toFixed(1)} s.`,
    ],
  };
  return { name: 'fleet', tables: [table], bars, data: { instances, processes: run.processes, rounds, idle, startMs } };
}
