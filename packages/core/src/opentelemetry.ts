/**
 * `@config-center/core/opentelemetry`: the config's span event and metrics through
 * `@opentelemetry/api` (an optional peer). A subpath of its own, so an app that does not use
 * OpenTelemetry never loads it.
 */
export { ConfigCenterOpenTelemetryModule } from './opentelemetry/config-center-telemetry.module';
export { registerConfigCenterOpenTelemetry, INSTRUMENTATION_NAME } from './opentelemetry/config-center-telemetry';
export type { ConfigCenterOpenTelemetry, ConfigCenterOpenTelemetryOptions } from './opentelemetry/config-center-telemetry';
export { APPLY_EVENT } from './opentelemetry/apply-span-scope';
