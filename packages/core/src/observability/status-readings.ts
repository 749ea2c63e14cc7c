import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';
import type { Counts } from './config-event-tally';

const SOURCE_STATES: readonly ConfigSourceStatus['state'][] = ['connected', 'reconnecting', 'cached', 'failed'];

/** One value of a gauge, with its labels (attributes). */
export interface Reading {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A gauge read from the status when the metrics are collected, named for Prometheus and for OpenTelemetry. */
export interface StatusGauge {
  /** The Prometheus name, unit suffix included. */
  readonly prometheusName: string;
  /** The OpenTelemetry instrument name (its unit apart). */
  readonly openTelemetryName: string;
  readonly unit?: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  read(status: ConfigStatus): readonly Reading[];
}

const NO_LABELS = {};

/**
 * Each source's reconnects (`EVENT_METRICS.reconnects`, a counter) by redacted name, as the
 * tally's counts are: counted by the source's status and read when collected; sources whose names
 * redact alike are summed.
 */
export function reconnectCounts(status: ConfigStatus): Counts {
  const counts = new Map<string, number>();
  for (const { name, reconnects } of status.sources) {
    const source = redact(name);
    counts.set(source, (counts.get(source) ?? 0) + reconnects);
  }
  return counts;
}

/**
 * The config's gauges, one list for both exporters: labels carry source names (credentials
 * redacted), states, the version and the content hash, never a config value.
 */
export const STATUS_GAUGES: readonly StatusGauge[] = [
  {
    prometheusName: 'config_center_info',
    openTelemetryName: 'config_center.info',
    help: 'The applied config version and content hash; always 1.',
    labelNames: ['version', 'hash'],
    read: (s) => [{ labels: { version: String(s.version), hash: s.hash ?? '' }, value: 1 }],
  },
  {
    prometheusName: 'config_center_last_apply_timestamp_seconds',
    openTelemetryName: 'config_center.last_apply.timestamp',
    unit: 's',
    help: 'When the applied config version was published, in Unix seconds.',
    labelNames: [],
    read: (s) => (s.appliedAt ? [{ labels: NO_LABELS, value: s.appliedAt.getTime() / 1000 }] : []),
  },
  {
    prometheusName: 'config_center_last_apply_success',
    openTelemetryName: 'config_center.last_apply.success',
    help: '1 when the config applied whole; 0 while any section is quarantined.',
    labelNames: [],
    read: (s) => [{ labels: NO_LABELS, value: s.quarantined.length ? 0 : 1 }],
  },
  {
    prometheusName: 'config_center_quarantined_sections',
    openTelemetryName: 'config_center.quarantined_sections',
    help: 'Sections serving their last good value because their live config is invalid.',
    labelNames: [],
    read: (s) => [{ labels: NO_LABELS, value: s.quarantined.length }],
  },
  {
    prometheusName: 'config_center_unknown_keys',
    openTelemetryName: 'config_center.unknown_keys',
    help: 'Keys under a section that no field of it declares, and top-level keys nothing the app reads at startup covers.',
    labelNames: [],
    read: (s) => [{ labels: NO_LABELS, value: s.unknownKeys.length }],
  },
  {
    prometheusName: 'config_center_source_state',
    openTelemetryName: 'config_center.source.state',
    help: 'The state of each source, one-hot: 1 for its current state, 0 for the others.',
    labelNames: ['source', 'state'],
    read: (s) =>
      s.sources.flatMap((source) =>
        SOURCE_STATES.map((state) => ({ labels: { source: redact(source.name), state }, value: source.state === state ? 1 : 0 })),
      ),
  },
  {
    prometheusName: 'config_center_source_revision',
    openTelemetryName: 'config_center.source.revision',
    help: 'The revision of the last applied batch of each source, when it is numeric.',
    labelNames: ['source'],
    read: (s) =>
      s.sources.flatMap((source) => {
        const revision = Number(source.revision);
        return source.revision !== undefined && Number.isFinite(revision)
          ? [{ labels: { source: redact(source.name) }, value: revision }]
          : [];
      }),
  },
];
