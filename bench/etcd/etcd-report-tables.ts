import type { Table } from '../lib/bench-result';
import { median, minimum, percentile } from '../lib/stats';
import type { BurstFigures } from './etcd-burst-writer';
import type { StormFigures } from './etcd-outage-storm';
import type { FanoutSide } from './etcd-fanout';
import type { SoakFigures } from './etcd-soak';
import { PROPAGATION_WARMUP_ROUNDS, type PropagationSamples } from './etcd-propagation';
import type { EtcdMeasurements, InitialLoadRound } from './etcd-measurements';

const MB = 1024 * 1024;

/**
 * The tables of the etcd benchmark, one per measurement, with the figures the bars are checked
 * from and those that are context only; `measuredPuts` tells the measured burst from its warm-up.
 */
export function etcdTables(m: EtcdMeasurements, measuredPuts: number): Table[] {
  return [
    propagationTable(m.propagation),
    initialLoadTable(m.initialLoad),
    burstTable(m.bursts.flat(), measuredPuts),
    stormTable(m.storm),
    soakTable(m.soak),
    fanoutTable(m.fanout),
  ];
}

function propagationTable({ raw, library }: PropagationSamples): Table {
  const row = (label: string, values: number[]) => [
    label,
    values.length,
    median(values),
    percentile(values, 90),
    percentile(values, 99),
    minimum(values),
  ];
  return {
    title: 'etcd: put → new value visible, one etcd member (ms)',
    columns: ['path', 'puts', 'median', 'p90', 'p99', 'min'],
    rows: [row('raw etcd3 watcher emits the put (baseline)', raw), row('EtcdConfigSource → @ConfigValue returns it', library)],
    notes: [
      `Sequential puts from one writer client, raw and library alternating (order swapped every round), ${PROPAGATION_WARMUP_ROUNDS} warm-up rounds dropped.`,
      'Each from just before the put is issued, polled on every macrotask; the app validates a section on every swap.',
    ],
  };
}

function initialLoadTable(rounds: InitialLoadRound[]): Table {
  const blocks = (side: keyof InitialLoadRound) => rounds.map((round) => round[side].coldBlockMs);
  const row = (label: string, side: keyof InitialLoadRound) => {
    const cold = rounds.map((round) => round[side].coldMs);
    const warm = median(rounds.flatMap((round) => round[side].warmMs));
    return [label, rounds.length, median(cold), minimum(cold), Math.max(...cold), warm, median(blocks(side)), Math.max(...blocks(side))];
  };
  const ratios = rounds.map((round) => round.library.coldMs / round.raw.coldMs);
  const blockRatio = median(blocks('library')) / median(blocks('raw'));
  return {
    title: 'etcd: initial load of 10,000 keys (100 sections × 100 keys) (ms)',
    columns: ['path', 'processes', 'median', 'min', 'max', 'warm median', 'block median', 'block max'],
    rows: [
      row('hand-written: new etcd3 client, getAll().prefix(), plainToInstance + validateSync per section (baseline)', 'raw'),
      row('EtcdConfigSource + ConfigCenterModule: context ready, sections validated', 'library'),
    ],
    notes: [
      'Each figure is the first load of a fresh process (baseline and library alternating), from creating the client/source to a ready Nest context.',
      `Per-round ratio library/baseline: median ${median(ratios).toFixed(2)}×. "warm median": ${rounds[0].raw.warmMs.length} more loads in each process, context only.`,
      `"block": the longest event-loop block during the first load (monitorEventLoopDelay, 1 ms resolution); library/baseline of the medians ${blockRatio.toFixed(2)}×.`,
    ],
  };
}

function burstTable(bursts: BurstFigures[], measuredPuts: number): Table {
  return {
    title: 'etcd: bursts of puts from one client (all issued at once) into a running app',
    columns: [
      'burst',
      'write ms',
      'puts/s',
      'swaps',
      'last revision',
      'applied',
      'sent → raw seen ms',
      'sent → applied ms',
      'raw seen → applied ms',
      'heap before MB',
      'heap after MB',
      'growth %',
      'settle ms',
    ],
    rows: bursts.map((b) => [
      `${b.keys}-key section: ${b.puts === measuredPuts ? 'measured' : 'warm-up'} ${b.puts} puts`,
      b.writeMs,
      Math.round(b.puts / (b.writeMs / 1000)),
      b.swaps,
      b.lastRevision,
      b.sourceRevision,
      b.sentToSeenMs,
      b.sentToAppliedMs,
      b.lagMs,
      b.heapBefore / MB,
      b.heapAfter / MB,
      b.heapGrowthPct,
      b.settleMs,
    ]),
    notes: [
      'The writer runs in the benchmark process, the app in a worker run with --expose-gc, a bare etcd3 watcher of the prefix in a third; all time with CLOCK_MONOTONIC.',
      '"sent": the last put issued by the writer; "raw seen": its revision reached the bare watcher; the bar is "raw seen → applied" (the writer\'s own acks lag behind its backlog).',
      'Puts overwrite the integer keys of one validated section in turn; revisions that reach the app together are one swap. A fresh app process per section width.',
      '"heap after": the first reading (forced GC) within 10% of "heap before", or the last one 3 s after the last swap.',
    ],
  };
}

function stormTable(storm: StormFigures): Table {
  return {
    title: `etcd: ${storm.outages} outages of 0–200 ms while values change (context)`,
    columns: ['figure', 'value'],
    rows: [
      ['compactions past the cursor', storm.compactions],
      ['writes during the run', storm.writes],
      ['applied swaps', storm.swaps],
      ['differing paths at the end', storm.differingPaths],
      ['revision regressions', storm.revisionRegressions],
      ['last restore → converged (ms)', storm.convergeMs],
    ],
  };
}

function soakTable(soak: SoakFigures): Table {
  return {
    title: `etcd: soak of ${soak.updates} puts (100 in flight) into a validated 10-key section`,
    columns: ['at', 'heapUsed MB', 'RSS MB'],
    rows: [
      ['20,000th update applied', soak.first.heap / MB, soak.first.rss / MB],
      [`${soak.updates}th update applied`, soak.last.heap / MB, soak.last.rss / MB],
    ],
    notes: [
      `${soak.versions} versions applied (puts that arrive together are one swap). Heap after forced GC.`,
      `After app.close() and the writer's close, the process ${soak.exitedByItself ? 'exited by itself' : 'did NOT exit by itself'}.`,
    ],
  };
}

function fanoutTable(fanout: EtcdMeasurements['fanout']): Table {
  const row = (label: string, side: FanoutSide) => [
    label,
    median(side.latencyMs),
    percentile(side.latencyMs, 99),
    Math.max(...side.latencyMs),
    side.heapPerWatcherBytes / 1024,
    side.cpuMicrosPerWatcher,
  ];
  return {
    title: `etcd: fan-out of one put to ${fanout.watchers} sources, each with its own etcd3 client, in 4 processes (ms)`,
    columns: ['watchers', 'median', 'p99', 'max', 'heap per watcher KB', 'CPU per watcher per put µs'],
    rows: [
      row('raw etcd3 watchers (baseline)', fanout.raw),
      row('EtcdConfigSource in a ConfigStore with a validated section', fanout.library),
    ],
    notes: [
      `${fanout.raw.latencyMs.length} sequential puts per side, each timed until the last watcher of all 4 processes has the value;`,
      'in blocks of half of them (after 20 warm-up puts), raw → library → library → raw, each with fresh processes.',
    ],
  };
}
