import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';
import { pairwise, startWith, type Subscription } from 'rxjs';
import type { ConfigCenterService } from '../config-center.service';
import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';
import { CONFIG_ERROR_KINDS } from '../store/error-events';
import { redact } from '../status/redact';

const SOURCE_STATES: readonly ConfigSourceStatus['state'][] = ['connected', 'reconnecting', 'cached', 'failed'];
const COUNTER_NAMES = [
  'config_center_applies_total',
  'config_center_rejections_total',
  'config_center_source_reconnects_total',
  'config_center_apply_duration_seconds',
];
/** From 100 µs to 2.5 s: an apply is usually well under a millisecond, a huge batch or a slow hasher longer. */
const DEFAULT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Where the metrics go and how the apply duration is bucketed. */
export interface ConfigCenterMetricsOptions {
  /** The registry to register on; default prom-client's global `register` (the one `@willsoto/nestjs-prometheus` serves). */
  readonly registry?: Registry;
  /** Buckets of `config_center_apply_duration_seconds`, in seconds. */
  readonly buckets?: readonly number[];
}

/** The registered metrics; `close()` ends the subscriptions and removes the metrics from the registry. */
export interface ConfigCenterMetrics {
  close(): void;
}

/**
 * Registers the config's Prometheus metrics on `options.registry` (see the README for the list).
 * Gauges are read from `config.status()` at scrape time; counters and the apply-duration histogram
 * follow `changes$`, `errors$` and `status$`. Labels carry source names (credentials redacted),
 * states, kinds, the version number and the content hash: never a config value.
 */
export function registerConfigCenterMetrics(config: ConfigCenterService, options: ConfigCenterMetricsOptions = {}): ConfigCenterMetrics {
  const registers = [options.registry ?? defaultRegistry];
  const status = () => config.status();
  const gauges = statusGauges(registers, status);
  const { applies, rejections, reconnects, duration } = eventMetrics(registers, options.buckets ?? DEFAULT_BUCKETS);
  for (const { name } of status().sources) {
    const source = redact(name);
    applies.inc({ source }, 0);
    reconnects.inc({ source }, 0);
    for (const kind of CONFIG_ERROR_KINDS) rejections.inc({ source, kind }, 0);
  }
  const subscriptions: Subscription[] = [
    config.changes$.subscribe((change) => {
      duration.observe((performance.now() - change.receivedAt) / 1000);
      applies.inc({ source: redact(change.source) });
    }),
    config.errors$.subscribe(({ source, kind }) => rejections.inc({ source: redact(source), kind })),
    config.status$.pipe(startWith(undefined), pairwise()).subscribe(([before, now]) => {
      for (const source of now?.sources ?? []) {
        const previous = before?.sources.find((s) => s.name === source.name)?.state;
        if (source.state === 'reconnecting' && previous !== undefined && previous !== 'reconnecting')
          reconnects.inc({ source: redact(source.name) });
      }
    }),
  ];
  return {
    close() {
      for (const subscription of subscriptions) subscription.unsubscribe();
      for (const name of [...gauges, ...COUNTER_NAMES]) for (const registry of registers) registry.removeSingleMetric(name);
    },
  };
}

/** Registers the counters and the histogram that follow the events. */
function eventMetrics(registers: Registry[], buckets: readonly number[]) {
  const applies = new Counter({
    name: 'config_center_applies_total',
    help: 'Config changes applied, by the source whose batch made them.',
    labelNames: ['source'],
    registers,
  });
  const rejections = new Counter({
    name: 'config_center_rejections_total',
    help:
      'Errors by source and kind: parse or validation, an update rejected while the last good config kept serving; ' +
      'source, a source that failed to load or watch; handler, a change handler that threw.',
    labelNames: ['source', 'kind'],
    registers,
  });
  const reconnects = new Counter({
    name: 'config_center_source_reconnects_total',
    help: 'Times a source lost its connection and went to reconnecting.',
    labelNames: ['source'],
    registers,
  });
  const duration = new Histogram({
    name: 'config_center_apply_duration_seconds',
    help: 'Time from a batch reaching the core to its swap being published, in seconds.',
    buckets: [...buckets],
    registers,
  });
  return { applies, rejections, reconnects, duration };
}

/** Registers the gauges, each filled from the status when scraped; returns their names. */
function statusGauges(registers: Registry[], status: () => ConfigStatus): string[] {
  const gauge = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, now: ConfigStatus) => void) => {
    const collect = function (this: Gauge) {
      this.reset();
      fill(this, status());
    };
    new Gauge({ name, help, labelNames, registers, collect });
    return name;
  };
  return [
    gauge('config_center_info', 'The applied config version and content hash; always 1.', ['version', 'hash'], (g, s) => {
      g.set({ version: String(s.version), hash: s.hash ?? '' }, 1);
    }),
    gauge('config_center_last_apply_timestamp_seconds', 'When the applied config version was published, in Unix seconds.', [], (g, s) => {
      if (s.appliedAt) g.set(s.appliedAt.getTime() / 1000);
    }),
    gauge('config_center_last_apply_success', '1 when the config applied whole; 0 while any section is quarantined.', [], (g, s) => {
      g.set(s.quarantined.length ? 0 : 1);
    }),
    gauge(
      'config_center_quarantined_sections',
      'Sections serving their last good value because their live config is invalid.',
      [],
      (g, s) => {
        g.set(s.quarantined.length);
      },
    ),
    gauge('config_center_unknown_keys', 'Keys under a section that no field of it declares.', [], (g, s) => g.set(s.unknownKeys.length)),
    gauge(
      'config_center_source_state',
      'The state of each source, one-hot: 1 for its current state, 0 for the others.',
      ['source', 'state'],
      (g, s) => {
        for (const source of s.sources)
          for (const state of SOURCE_STATES) g.set({ source: redact(source.name), state }, source.state === state ? 1 : 0);
      },
    ),
    gauge(
      'config_center_source_revision',
      'The revision of the last applied batch of each source, when it is numeric.',
      ['source'],
      (g, s) => {
        for (const source of s.sources) {
          const revision = Number(source.revision);
          if (source.revision !== undefined && Number.isFinite(revision)) g.set({ source: redact(source.name) }, revision);
        }
      },
    ),
  ];
}
