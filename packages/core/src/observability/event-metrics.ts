/** A counter or histogram of the config's events, named for Prometheus and for OpenTelemetry. */
export interface EventMetric {
  /** The Prometheus name, `_total` or unit suffix included. */
  readonly prometheusName: string;
  /** The OpenTelemetry instrument name (its unit apart). */
  readonly openTelemetryName: string;
  readonly unit?: string;
  readonly help: string;
}

/** From 100 µs to 2.5 s: an apply is usually well under a millisecond, a huge batch or a slow hasher longer. */
export const DEFAULT_APPLY_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * The config's event metrics, one list for both exporters: labels `source` (credentials redacted)
 * and `kind`. Reconnects are read from the sources' status (`reconnectCounts`), the others
 * counted as the events happen (`ConfigEventTally`).
 */
export const EVENT_METRICS = {
  applies: {
    prometheusName: 'config_center_applies_total',
    openTelemetryName: 'config_center.applies',
    help: 'Config changes applied, by the source whose batch made them.',
  },
  rejections: {
    prometheusName: 'config_center_rejections_total',
    openTelemetryName: 'config_center.rejections',
    help:
      'Errors by source and kind: parse or validation, an update rejected while the last good config kept serving; ' +
      'source, a source that failed to load or watch; handler, a change handler that threw.',
  },
  reconnects: {
    prometheusName: 'config_center_source_reconnects_total',
    openTelemetryName: 'config_center.source.reconnects',
    help: 'Times a source lost its connection: went from connected to reconnecting.',
  },
  applyDuration: {
    prometheusName: 'config_center_apply_duration_seconds',
    openTelemetryName: 'config_center.apply.duration',
    unit: 's',
    help: 'Time from a batch reaching the core to its swap being published, in seconds.',
  },
} as const satisfies Record<string, EventMetric>;

/**
 * Provided (globally) by `ConfigCenterMetricsModule`: tells `ConfigCenterOpenTelemetryModule` that
 * the metrics go to prom-client already, so that by default it does not count them a second time.
 */
export const PROMETHEUS_METRICS_REGISTERED = Symbol('CONFIG_CENTER_PROMETHEUS_METRICS_REGISTERED');
