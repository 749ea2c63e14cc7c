/**
 * `@config-center/core/prometheus`: the config's Prometheus metrics with `prom-client` (an optional
 * peer). A subpath of its own, so an app that does not use prom-client never loads it.
 */
export { ConfigCenterMetricsModule } from './prometheus/config-center-metrics.module';
export { registerConfigCenterMetrics } from './prometheus/config-center-metrics';
export type { ConfigCenterMetrics, ConfigCenterMetricsOptions } from './prometheus/config-center-metrics';
