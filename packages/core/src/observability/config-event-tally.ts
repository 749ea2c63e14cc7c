import type { ConfigErrorKind } from '../interfaces/config-events.interface';
import type { ConfigEventListener } from './config-event-follower';

/** Counts by label value, read when the metrics are collected. */
export type Counts = ReadonlyMap<string, number>;

/**
 * The config's event counters in plain maps: an applied change costs a map update, and the
 * exporters (prom-client's `collect`, OTel's observable counters) read the totals when scraped.
 * Counting in prom-client's or OTel's own counters on every change costs several times that,
 * which the apply of a one-key change notices (bench `metrics`). Apply durations go to
 * `recordDuration` as they happen.
 */
export class ConfigEventTally implements ConfigEventListener {
  private readonly appliesBySource = new Map<string, number>();
  private readonly rejectionsByKind = new Map<ConfigErrorKind, Map<string, number>>();

  constructor(private readonly recordDuration: (seconds: number) => void) {}

  /** Applied changes by source. */
  get applies(): Counts {
    return this.appliesBySource;
  }

  /** `errors$` events of one kind, by source. */
  rejections(kind: ConfigErrorKind): Counts {
    return this.rejectionsByKind.get(kind) ?? new Map<string, number>();
  }

  /** Starts a source's counters at 0, so its series exist before anything happens to it. */
  start(source: string, kinds: readonly ConfigErrorKind[]): void {
    add(this.appliesBySource, source, 0);
    for (const kind of kinds) add(this.byKind(kind), source, 0);
  }

  applied(source: string, seconds: number): void {
    add(this.appliesBySource, source, 1);
    this.recordDuration(seconds);
  }

  rejected(source: string, kind: ConfigErrorKind): void {
    add(this.byKind(kind), source, 1);
  }

  private byKind(kind: ConfigErrorKind): Map<string, number> {
    let counts = this.rejectionsByKind.get(kind);
    if (!counts) this.rejectionsByKind.set(kind, (counts = new Map()));
    return counts;
  }
}

function add(counts: Map<string, number>, key: string, amount: number): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}
