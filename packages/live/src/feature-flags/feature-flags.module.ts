import { Module, type DynamicModule } from '@nestjs/common';
import { FeatureFlagGuard } from './feature-flag.guard';
import { FeatureFlagsConfigurableModule, type FeatureFlagsOptions } from './feature-flags.module-definition';
import { FeatureFlags } from './feature-flags.service';

/**
 * Provides `FeatureFlags` and the guard behind `@FeatureFlag`, globally by default. Needs a global
 * `ConfigCenterModule.forRoot()`.
 *
 * @example
 * ```ts
 * @Module({ imports: [ConfigCenterModule.forRoot({ sources, isGlobal: true }), FeatureFlagsModule.forRoot()] })
 * export class AppModule {}
 * ```
 */
@Module({ providers: [FeatureFlags, FeatureFlagGuard], exports: [FeatureFlags, FeatureFlagGuard] })
export class FeatureFlagsModule extends FeatureFlagsConfigurableModule {
  /** The module with `options` (all optional); global unless `isGlobal: false`. */
  static override forRoot(options: FeatureFlagsOptions & { isGlobal?: boolean } = {}): DynamicModule {
    return super.forRoot(options);
  }
}
