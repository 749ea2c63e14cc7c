import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { CONFIG_STORE } from '../../config-center.constants';
import type { ConfigStore } from '../../store/config-store';
import { LiveResource, type LiveResourceOptions } from './live-resource';

/**
 * A provider of a `LiveResource` under `provide`: the first resource is built while the app starts
 * (a failure fails startup), and every resource is disposed on shutdown. Needs a global
 * `ConfigCenterModule.forRoot()` (or one imported into the module). For a build that needs other
 * providers, write the factory yourself: inject `CONFIG_STORE` and call `LiveResource.start`.
 *
 * @example
 * ```ts
 * export const UPSTREAM = Symbol('UPSTREAM');
 * providers: [
 *   liveResourceProvider(UPSTREAM, {
 *     name: 'upstream',
 *     config: UpstreamConfig,
 *     build: (config) => UpstreamPool.open(config),
 *     dispose: (pool) => pool.close(),
 *   }),
 * ]
 * constructor(@Inject(UPSTREAM) private readonly upstream: LiveResource<UpstreamPool>) {}
 * get() { return this.upstream.use((pool) => pool.get('/orders')); }
 * ```
 */
export function liveResourceProvider<T, C>(
  provide: InjectionToken,
  options: LiveResourceOptions<T, C>,
): FactoryProvider<Promise<LiveResource<T, C>>> {
  return { provide, inject: [CONFIG_STORE], useFactory: (store: ConfigStore) => LiveResource.start(store, options) };
}
