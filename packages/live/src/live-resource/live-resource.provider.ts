import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import { ConfigCenterService } from '@config-center/core';
import { LiveResource, type LiveResourceOptions } from './live-resource';

/**
 * A provider of a `LiveResource` under `provide`: the first resource is built while the app starts
 * (a failure fails startup), and every resource is disposed on shutdown. Needs a global
 * `ConfigCenterModule.forRoot()` (or one imported into the module). For a build that needs other
 * providers, write the factory yourself: inject `ConfigCenterService` (and the others) and call
 * `LiveResource.start(config, options)`.
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
  return { provide, inject: [ConfigCenterService], useFactory: (config: ConfigCenterService) => LiveResource.start(config, options) };
}
