/**
 * `@config-center/core/terminus`: the config's health indicator for `@nestjs/terminus` (an optional
 * peer). A subpath of its own, so an app that does not use terminus never loads it.
 */
export { ConfigCenterHealthIndicator } from './terminus/config-center.health';
export type { ConfigCenterHealthOptions, ConfigHealthCondition } from './terminus/config-center-health-options.interface';
