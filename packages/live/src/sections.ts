/**
 * `@config-center/live/sections`: the sections and field validators of the knobs, for a service's
 * sections module — `LoggingConfig`, `@IsLogLevelMap`, `@IsRouteWeights` — without loading Nest,
 * rxjs or the knobs' modules, so that the `config-center` CLI, which loads that module on every
 * run, stays fast. The main entry exports the same ones.
 */
export { LoggingConfig, IsLogLevelMap } from './logging/logging.config';
export { isLogLevel, LOG_LEVEL_ORDER } from './logging/log-level-policy';
export type { RouteWeights } from './weighted-routes/weight-table';
export { IsRouteWeights, routeWeightsProblem, type RouteWeightsRules } from './weighted-routes/is-route-weights.validator';
