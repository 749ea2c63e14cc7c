import { UseGuards } from '@nestjs/common';
import { FeatureFlagGuard } from './feature-flag.guard';
import { FEATURE_FLAG_METADATA, type FeatureFlagMetadata } from './feature-flags.module-definition';

/** Options of `@FeatureFlag`. */
export interface FeatureFlagOptions {
  /** The HTTP status while the flag is off; default the module's `disabledStatus` (404). */
  readonly status?: number;
  /** Whether the route is on while the config does not hold the flag; default false. */
  readonly fallback?: boolean;
}

/**
 * Serves a route (or every route of a controller) only while a feature flag is on, read from the
 * config on each request: turning the flag off applies to the next request. Needs
 * `FeatureFlagsModule.forRoot()`. Several flags on one route must all be on; the first one off, in
 * the order written, answers.
 *
 * @example
 * ```ts
 * @Get('v2')
 * @FeatureFlag('checkout.v2')                    // 404 while features.checkout.v2 is not true
 * checkoutV2() {}
 *
 * @FeatureFlag('beta', { status: 403 })          // on a controller: every route
 * @Controller('beta') export class BetaController {}
 * ```
 */
export function FeatureFlag(flag: string, options: FeatureFlagOptions = {}): MethodDecorator & ClassDecorator {
  const metadata: FeatureFlagMetadata = { flag, status: options.status, fallback: options.fallback ?? false };
  const guard = UseGuards(FeatureFlagGuard);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = descriptor ? (descriptor.value as object) : target;
    const existing: readonly FeatureFlagMetadata[] = Reflect.getMetadata(FEATURE_FLAG_METADATA, holder) ?? [];
    // Decorators apply bottom-up; prepending keeps the flags in the order they are written.
    Reflect.defineMetadata(FEATURE_FLAG_METADATA, [metadata, ...existing], holder);
    if (!existing.length)
      (guard as (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void)(target, key, descriptor);
  }) as MethodDecorator & ClassDecorator;
}
