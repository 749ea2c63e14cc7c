export { liveThrottler, liveThrottlerDefinition } from './throttler/live-throttler';
export type {
  LiveThrottlerAsyncOptions,
  LiveThrottlerDefinition,
  LiveThrottlerModuleOptions,
  LiveThrottlerOptions,
} from './throttler/live-throttler';
export { LoggingConfig, IsLogLevelMap } from './logging/logging.config';
export { LogLevelPolicy, LOG_LEVEL_ORDER, enabledLogLevels, isLogLevel, type LogLevelSettings } from './logging/log-level-policy';
export { LiveLogLevels } from './logging/live-log-levels.service';
export { LiveConsoleLogger } from './logging/live-console-logger';
export { LiveLoggingModule } from './logging/live-logging.module';
export { LIVE_LOGGING_OPTIONS, type LiveLoggingOptions } from './logging/live-logging.module-definition';
export { FeatureFlag, type FeatureFlagOptions } from './feature-flags/feature-flag.decorator';
export { FeatureFlagGuard } from './feature-flags/feature-flag.guard';
export { FeatureFlags, flagValue } from './feature-flags/feature-flags.service';
export { FeatureFlagsModule } from './feature-flags/feature-flags.module';
export {
  FEATURE_FLAGS_OPTIONS,
  FEATURE_FLAG_METADATA,
  type FeatureFlagMetadata,
  type FeatureFlagsOptions,
} from './feature-flags/feature-flags.module-definition';
export { WeightedRoute, type WeightedRouteOptions } from './weighted-routes/weighted-route';
export { WeightTable, type RouteWeights } from './weighted-routes/weight-table';
export { IsRouteWeights, routeWeightsProblem, type RouteWeightsRules } from './weighted-routes/is-route-weights.validator';
export { LiveResource, type LiveResourceOptions } from './live-resource/live-resource';
export type { LiveResourceStats, ResourceLease } from './live-resource/resource-generation';
export { liveResourceProvider } from './live-resource/live-resource.provider';
