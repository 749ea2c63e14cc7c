import { Inject, Injectable } from '@nestjs/common';
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import { ConfigCenterService } from '@config-center/core';
import { FEATURE_FLAGS_OPTIONS, type FeatureFlagsOptions } from './feature-flags.module-definition';

/**
 * Reads feature flags from the config being served, so a flag turned off applies to the next call.
 * A flag is on when its value is `true` (see `flagValue` for the rest).
 *
 * @example
 * ```ts
 * constructor(private readonly flags: FeatureFlags) {}
 * checkout() { return this.flags.isEnabled('checkout.v2') ? this.v2.checkout() : this.v1.checkout(); }
 * ```
 */
@Injectable()
export class FeatureFlags {
  private readonly paths = new Map<string, string>();

  constructor(
    private readonly config: ConfigCenterService,
    @Inject(FEATURE_FLAGS_OPTIONS) readonly options: FeatureFlagsOptions,
  ) {
    // Flags are read per request, after startup: a read of their root now makes it a path the app
    // reads, so its top-level key is not reported as one nothing reads (a typo).
    config.get(options.root ?? 'features', undefined);
  }

  /** Whether `flag` is on now; `fallback` (default false) when the config does not hold it. */
  isEnabled(flag: string, fallback = false): boolean {
    return flagValue(this.config.get(this.pathOf(flag), undefined), fallback);
  }

  /** Whether `flag` is on now, then each time that changes. */
  observe(flag: string, fallback = false): Observable<boolean> {
    return this.config.observe(this.pathOf(flag)).pipe(
      map((value) => flagValue(value, fallback)),
      distinctUntilChanged(),
    );
  }

  /** The config path of a flag: `features.checkout.v2` for `checkout.v2` with the default root. */
  pathOf(flag: string): string {
    let path = this.paths.get(flag);
    if (path === undefined) {
      const root = this.options.root ?? 'features';
      path = root ? `${root}.${flag}` : flag;
      if (this.paths.size < 1024) this.paths.set(flag, path);
    }
    return path;
  }
}

/**
 * What a config value means as a feature flag: `true` (or the string `"true"`, any case) is on,
 * `false` (or `"false"`) is off, a missing value (`undefined`, `null`) is `fallback`, and anything
 * else — a typo such as `yes`, a number, an object — is off, so a mistake never turns a feature on.
 */
export function flagValue(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && value.trim().toLowerCase() === 'true';
}
