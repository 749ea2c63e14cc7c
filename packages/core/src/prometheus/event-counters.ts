import { Counter, Histogram, type Registry } from 'prom-client';
import { ConfigEventTally, type Counts } from '../observability/config-event-tally';
import { CONFIG_ERROR_KINDS } from '../store/error-events';

/** Apply durations held for the next scrape at most; past this many they are observed at once. */
const MAX_PENDING_DURATIONS = 1024;

/**
 * Registers the counters and the apply-duration histogram, and returns the tally that feeds them
 * with the metrics' names. The counters read the tally's totals when scraped (`collect`); apply
 * durations are observed at the next scrape too, or once `MAX_PENDING_DURATIONS` wait, so a change
 * costs a map update and an array push rather than prom-client's label hashing.
 */
export function eventCounters(registers: Registry[], buckets: readonly number[]): { tally: ConfigEventTally; names: string[] } {
  const pending: number[] = [];
  const duration = new Histogram({
    name: 'config_center_apply_duration_seconds',
    help: 'Time from a batch reaching the core to its swap being published, in seconds.',
    buckets: [...buckets],
    registers,
    collect() {
      for (const seconds of pending.splice(0)) this.observe(seconds);
    },
  });
  const tally = new ConfigEventTally((seconds) => {
    pending.push(seconds);
    if (pending.length >= MAX_PENDING_DURATIONS) for (const held of pending.splice(0)) duration.observe(held);
  });
  const bySource = (name: string, help: string, counts: () => Counts) =>
    new Counter({
      name,
      help,
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const [source, count] of counts()) this.inc({ source }, count);
      },
    });
  bySource('config_center_applies_total', 'Config changes applied, by the source whose batch made them.', () => tally.applies);
  bySource('config_center_source_reconnects_total', 'Times a source lost its connection and went to reconnecting.', () => tally.reconnects);
  new Counter({
    name: 'config_center_rejections_total',
    help:
      'Errors by source and kind: parse or validation, an update rejected while the last good config kept serving; ' +
      'source, a source that failed to load or watch; handler, a change handler that threw.',
    labelNames: ['source', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const kind of CONFIG_ERROR_KINDS) for (const [source, count] of tally.rejections(kind)) this.inc({ source, kind }, count);
    },
  });
  const names = [
    'config_center_applies_total',
    'config_center_rejections_total',
    'config_center_source_reconnects_total',
    'config_center_apply_duration_seconds',
  ];
  return { tally, names };
}
