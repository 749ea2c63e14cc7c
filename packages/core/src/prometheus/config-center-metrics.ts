import { register as defaultRegistry, type Registry } from 'prom-client';
import type { ConfigCenterService } from '../config-center.service';
import { followConfigEvents } from '../observability/config-event-follower';
import { DEFAULT_APPLY_BUCKETS } from '../observability/event-metrics';
import { CONFIG_ERROR_KINDS } from '../store/error-events';
import { redact } from '../status/redact';
import { eventCounters } from './event-counters';
import { statusGauges } from './status-gauges';

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
 * Registers the config's Prometheus metrics on `options.registry` (see docs/guides/observability.md for the list).
 * Gauges and the reconnect counter are read from `config.status()` at scrape time; the other
 * counters and the apply-duration histogram follow `changes$` and `errors$`. Labels carry source
 * names (credentials redacted), states, kinds, the version number and the content hash: never a
 * config value.
 */
export function registerConfigCenterMetrics(config: ConfigCenterService, options: ConfigCenterMetricsOptions = {}): ConfigCenterMetrics {
  const registers = [options.registry ?? defaultRegistry];
  const status = () => config.status();
  const gauges = statusGauges(registers, status);
  const counters = eventCounters(registers, options.buckets ?? DEFAULT_APPLY_BUCKETS, status);
  for (const { name } of config.status().sources) counters.tally.start(redact(name), CONFIG_ERROR_KINDS);
  const subscription = followConfigEvents(config, counters.tally);
  return {
    close() {
      subscription.unsubscribe();
      for (const name of [...gauges, ...counters.names]) for (const registry of registers) registry.removeSingleMetric(name);
    },
  };
}
