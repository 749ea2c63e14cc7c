import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigCenterModule, type MemoryConfigSource } from '@config-center/core';
import {
  ConfigCenterTestingSourceModule,
  TESTING_CONFIG_SOURCE,
  type ConfigCenterTestingOptions,
} from './config-center-testing.module-definition';
import { ConfigCenterTesting } from './config-center-testing.service';

/**
 * `ConfigCenterModule` for tests: one in-memory source seeded with `initial`, plus an injectable
 * {@link ConfigCenterTesting} that pushes changes into it and resolves once they are applied.
 * Each compiled testing module gets its own source, so one `forRoot()` result can be reused.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [ConfigCenterTestingModule.forRoot({ sections: [RateLimitConfig], initial: { rateLimit: { limit: 5 } } })],
 *   providers: [OrdersService],
 * }).compile();
 * await moduleRef.init();
 * const testing = moduleRef.get(ConfigCenterTesting);
 * await testing.update('rateLimit.limit', 7);
 * expect(moduleRef.get(OrdersService).limit).toBe(7);
 * await moduleRef.close();
 * ```
 */
@Module({})
export class ConfigCenterTestingModule {
  /** The config module over a fresh in-memory source, and `ConfigCenterTesting` to drive it. */
  static forRoot(options: ConfigCenterTestingOptions = {}): DynamicModule {
    const isGlobal = options.isGlobal ?? true;
    const sourceModule = ConfigCenterTestingSourceModule.seededWith(options.initial ?? {});
    const configModule = ConfigCenterModule.forRootAsync({
      imports: [sourceModule],
      inject: [TESTING_CONFIG_SOURCE],
      useFactory: (source: MemoryConfigSource) => ({ sources: [source] }),
      sections: options.sections ?? [],
      isGlobal,
    });
    return {
      module: ConfigCenterTestingModule,
      global: isGlobal,
      imports: [sourceModule, configModule],
      providers: [ConfigCenterTesting],
      exports: [ConfigCenterTesting, configModule],
    };
  }
}
