import { metrics, trace, type BatchObservableCallback, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import type { ConfigCenterService } from '../config-center.service';
import { followConfigEvents } from '../observability/config-event-follower';
import { ConfigEventTally } from '../observability/config-event-tally';
import { DEFAULT_APPLY_BUCKETS, EVENT_METRICS } from '../observability/event-metrics';
import { reconnectCounts, STATUS_GAUGES } from '../observability/status-readings';
import { redact } from '../status/redact';
import { CONFIG_ERROR_KINDS } from '../store/error-events';
import { applySpanScope } from './apply-span-scope';

/** The instrumentation scope of the config's spans and metrics. */
export const INSTRUMENTATION_NAME = 'config-center';

/** What goes to OpenTelemetry, and through which providers. */
export interface ConfigCenterOpenTelemetryOptions {
  /**
   * The config's metrics through the OpenTelemetry metrics API. Default true; in
   * `ConfigCenterOpenTelemetryModule`, default false when the app imports `ConfigCenterMetricsModule`
   * (prom-client has them already).
   */
  readonly metrics?: boolean;
  /** The `config_center.apply` span event on each swap; default true. */
  readonly traces?: boolean;
  /** Default: the global one, as `metrics.getMeter('config-center')` finds it. */
  readonly meterProvider?: MeterProvider;
  /** Default: the global one, as `trace.getTracer('config-center')` finds it. */
  readonly tracerProvider?: TracerProvider;
  /** Bucket boundaries advised for `config_center.apply.duration`, in seconds. */
  readonly buckets?: readonly number[];
}

/** What was registered; `close()` removes it all. */
export interface ConfigCenterOpenTelemetry {
  close(): void;
}

/**
 * Registers the config's OpenTelemetry signals: the `config_center.apply` span event on each swap
 * (see `applySpanScope`), and the metrics of docs/guides/observability.md (the Prometheus ones, dot-named) through the
 * metrics API — counters observed from a tally when collected (reconnects from the status), the
 * apply-duration histogram recorded on each swap, gauges read from one `status()` per collection.
 * Attributes carry source names (credentials redacted), kinds, states, section names, the version
 * and the content hash: never a config value.
 */
export function registerConfigCenterOpenTelemetry(
  config: ConfigCenterService,
  options: ConfigCenterOpenTelemetryOptions = {},
): ConfigCenterOpenTelemetry {
  const closers: (() => void)[] = [];
  if (options.traces ?? true) {
    const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
    closers.push(config.aroundSwaps(applySpanScope(tracer)));
  }
  if (options.metrics ?? true) closers.push(registerMetrics(config, options));
  return {
    close() {
      for (const close of closers.splice(0)) close();
    },
  };
}

/** Creates the instruments and their one batch callback; returns what removes them. */
function registerMetrics(config: ConfigCenterService, options: ConfigCenterOpenTelemetryOptions): () => void {
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME);
  const { applies, rejections, reconnects, applyDuration } = EVENT_METRICS;
  const duration = meter.createHistogram(applyDuration.openTelemetryName, {
    description: applyDuration.help,
    unit: applyDuration.unit,
    advice: { explicitBucketBoundaries: [...(options.buckets ?? DEFAULT_APPLY_BUCKETS)] },
  });
  const tally = new ConfigEventTally((seconds) => duration.record(seconds));
  for (const { name } of config.status().sources) tally.start(redact(name), CONFIG_ERROR_KINDS);
  const counter = (metric: { openTelemetryName: string; help: string }) =>
    meter.createObservableCounter(metric.openTelemetryName, { description: metric.help });
  const [appliesCounter, rejectionsCounter, reconnectsCounter] = [applies, rejections, reconnects].map(counter);
  const gauges = STATUS_GAUGES.map((gauge) =>
    meter.createObservableGauge(gauge.openTelemetryName, { description: gauge.help, unit: gauge.unit }),
  );
  const observe: BatchObservableCallback = (result) => {
    const status = config.status();
    for (const [source, count] of tally.applies) result.observe(appliesCounter, count, { source });
    for (const [source, count] of reconnectCounts(status)) result.observe(reconnectsCounter, count, { source });
    for (const kind of CONFIG_ERROR_KINDS)
      for (const [source, count] of tally.rejections(kind)) result.observe(rejectionsCounter, count, { source, kind });
    STATUS_GAUGES.forEach((gauge, i) => {
      for (const { labels, value } of gauge.read(status)) result.observe(gauges[i], value, labels);
    });
  };
  const observables = [appliesCounter, rejectionsCounter, reconnectsCounter, ...gauges];
  meter.addBatchObservableCallback(observe, observables);
  const subscription = followConfigEvents(config, tally);
  return () => {
    subscription.unsubscribe();
    meter.removeBatchObservableCallback(observe, observables);
  };
}
