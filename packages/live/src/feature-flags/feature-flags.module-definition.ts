import { ConfigurableModuleBuilder } from '@nestjs/common';

/** Options of `FeatureFlagsModule.forRoot`. */
export interface FeatureFlagsOptions {
  /** The path under which flags live: `checkout.v2` is read at `<root>.checkout.v2`. Default `features`; `''` for none. */
  readonly root?: string;
  /** The HTTP status of a request to a route whose flag is off, unless the route says otherwise; default 404. */
  readonly disabledStatus?: number;
}

/** `FeatureFlagsModule`'s base class and the DI token of its options. */
export const { ConfigurableModuleClass: FeatureFlagsConfigurableModule, MODULE_OPTIONS_TOKEN: FEATURE_FLAGS_OPTIONS } =
  new ConfigurableModuleBuilder<FeatureFlagsOptions>({ moduleName: 'FeatureFlags' })
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();

/** The metadata key under which `@FeatureFlag` records its flags on a class or handler. */
export const FEATURE_FLAG_METADATA = 'config-center:feature-flag';

/** One `@FeatureFlag` on a class or handler. */
export interface FeatureFlagMetadata {
  readonly flag: string;
  /** The status when off; the module's `disabledStatus` (default 404) when not given. */
  readonly status?: number;
  /** Whether the route is on while the config does not hold the flag. */
  readonly fallback: boolean;
}
