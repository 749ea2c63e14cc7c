import { Counter, Histogram, type Registry } from 'prom-client';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { ConfigEventTally, type Counts } from '../observability/config-event-tally';
import { EVENT_METRICS, type EventMetric } from '../observability/event-metrics';
import { reconnectCounts } from '../observability/status-readings';
import { CONFIG_ERROR_KINDS } from '../store/error-events';

/** Apply durations held for the next scrape at most; past this many they are observed at once. */
const MAX_PENDING_DURATIONS = 1024;

/**
 * Registers the counters and the apply-duration histogram, and returns the tally that feeds them
 * with the metrics' names. The counters read the tally's totals (reconnects: the status's) when
 * scraped (`collect`); apply durations are observed at the next scrape too, or once
 * `MAX_PENDING_DURATIONS` wait, so a change costs a map update and an array push rather than
 * prom-client's label hashing.
 */
export function eventCounters(
  registers: Registry[],
  buckets: readonly number[],
  status: () => ConfigStatus,
): { tally: ConfigEventTally; names: string[] } {
  const pending: number[] = [];
  const duration = new Histogram({
    name: EVENT_METRICS.applyDuration.prometheusName,
    help: EVENT_METRICS.applyDuration.help,
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
  const bySource = (metric: EventMetric, counts: () => Counts) =>
    new Counter({
      name: metric.prometheusName,
      help: metric.help,
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const [source, count] of counts()) this.inc({ source }, count);
      },
    });
  bySource(EVENT_METRICS.applies, () => tally.applies);
  bySource(EVENT_METRICS.reconnects, () => reconnectCounts(status()));
  new Counter({
    name: EVENT_METRICS.rejections.prometheusName,
    help: EVENT_METRICS.rejections.help,
    labelNames: ['source', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const kind of CONFIG_ERROR_KINDS) for (const [source, count] of tally.rejections(kind)) this.inc({ source, kind }, count);
    },
  });
  return { tally, names: Object.values(EVENT_METRICS).map((metric) => metric.prometheusName) };
}
