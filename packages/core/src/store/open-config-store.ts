import type { ConfigCenterModuleOptions } from '../interfaces/config-center-options.interface';
import { ConfigStore } from './config-store';
import type { ConfigStorePort } from './config-store-port';

/**
 * A store over `options.sources`, seen through its narrow port: the same store a
 * `ConfigCenterModule` runs, for a tool to run sources in without a Nest application.
 *
 * @example
 * ```ts
 * const store = openConfigStore({ sources: [source], sections: [RateLimitConfig] });
 * await store.load();
 * store.startWatching();
 * ```
 */
export function openConfigStore(options: ConfigCenterModuleOptions): ConfigStorePort {
  return new ConfigStore(options);
}
