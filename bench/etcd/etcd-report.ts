import type { Bar, BenchResult } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { burstInvalid } from './etcd-burst-writer';
import type { EtcdMeasurements, InitialLoadRound } from './etcd-measurements';
import { etcdTables } from './etcd-report-tables';

/** The size of the measured burst (a smaller one warms each app up first). */
export const BURST_PUTS = 5000;

/** A bar the measured figure must stay at or under. */
function atMost(label: string, measured: number, limit: number, unit: string, invalid?: string): Bar {
  return { label, measured, kind: 'max', limit, unit, invalid };
}

/** The bars of the etcd benchmark, with its tables (`etcdTables`). */
export function etcdResult(m: EtcdMeasurements): BenchResult {
  const { raw, library } = m.propagation;
  const cold = (side: keyof InitialLoadRound) => m.initialLoad.map((round) => round[side].coldMs);
  const vsRaw = 'raw etcd3 watch event';
  const bars: Bar[] = [
    atMost(`propagation: median(put → @ConfigValue) − median(put → ${vsRaw})`, median(library) - median(raw), 0.5, ' ms'),
    atMost(`propagation: p99(put → @ConfigValue) / p99(put → ${vsRaw})`, percentile(library, 99) / percentile(raw, 99), 1.5, '×'),
    atMost(
      'initial load of 10,000 keys: median(ready module) / median(hand-written loader), first load per process',
      median(cold('library')) / median(cold('raw')),
      1.5,
      '×',
    ),
  ];
  for (const burst of m.bursts.map((widths) => widths[widths.length - 1])) {
    const what = `burst of ${burst.puts} puts into a ${burst.keys}-key section`;
    bars.push(atMost(`${what}: last put's revision seen by a raw etcd3 watcher → applied`, burst.lagMs, 200, ' ms', burstInvalid(burst)));
    bars.push(atMost(`${what}: heapUsed growth after forced GC`, burst.heapGrowthPct, 10, ' %'));
  }
  bars.push(atMost(`outage storm: lost updates after ${m.storm.outages} outages (differing paths)`, m.storm.differingPaths, 0, ''));
  bars.push(atMost('outage storm: applied revisions that did not go up', m.storm.revisionRegressions, 0, ''));
  const { soak } = m;
  const soakWhat = `soak of ${soak.updates} updates`;
  bars.push(
    atMost(`${soakWhat}: heap growth from the 20,000th to the last, after forced GC`, soak.heapGrowthPct, 10, ' %'),
    atMost(`${soakWhat}: RSS growth from the 20,000th to the last`, soak.rssGrowthPct, 10, ' %'),
    atMost(`${soakWhat}: processes still running after app.close()`, soak.exitedByItself ? 0 : 1, 0, ''),
  );
  const { fanout } = m;
  const fanoutWhat = `fan-out to ${fanout.watchers} sources in 4 processes`;
  bars.push(
    atMost(
      `${fanoutWhat}: p99(put → last applied) / the same for raw etcd3 watchers`,
      percentile(fanout.library.latencyMs, 99) / percentile(fanout.raw.latencyMs, 99),
      1.6,
      '×',
    ),
    atMost(
      `${fanoutWhat}: CPU per source per put / the same for raw etcd3 watchers`,
      fanout.library.cpuMicrosPerWatcher / fanout.raw.cpuMicrosPerWatcher,
      1.8,
      '×',
    ),
  );
  return { name: 'etcd', tables: etcdTables(m, BURST_PUTS), bars, data: m };
}
