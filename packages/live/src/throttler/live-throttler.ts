import type { ExecutionContext, ModuleMetadata } from '@nestjs/common';
import { ConfigCenterService } from '@config-center/core';
import type { SectionType } from '@config-center/core';

/**
 * One throttler of `@nestjs/throttler` (its `ThrottlerOptions`) whose limit, TTL and block duration
 * are read from config on every request. Typed structurally, so this package works without
 * `@nestjs/throttler` installed (an optional peer) and imports nothing from it.
 */
export interface LiveThrottlerDefinition {
  readonly name: string;
  readonly limit: (context: ExecutionContext) => number;
  /** Milliseconds, as throttler v6 takes them. */
  readonly ttl: (context: ExecutionContext) => number;
  readonly blockDuration?: (context: ExecutionContext) => number;
}

/** How to read one throttler from a section. */
export interface LiveThrottlerOptions<T> {
  /** The throttler's name; default `default`. */
  readonly name?: string;
  /** The limit per window; default the section's `limit`. */
  readonly limit?: (config: T) => number;
  /** The window in milliseconds; default the section's `ttlMs`, else its `ttl`. */
  readonly ttl?: (config: T) => number;
  /** How long a client that went over stays blocked, in milliseconds; default the window. */
  readonly blockDuration?: (config: T) => number;
}

/** Options of `liveThrottler`: one throttler, plus the rest of `ThrottlerModule`'s options. */
export interface LiveThrottlerModuleOptions<T> extends LiveThrottlerOptions<T> {
  /** Where `ConfigCenterService` comes from when `ConfigCenterModule` is not global. */
  readonly imports?: ModuleMetadata['imports'];
  /** More of `ThrottlerModule`'s options (`storage`, `errorMessage`, `getTracker`, `setHeaders`, …). */
  readonly throttlerOptions?: Readonly<Record<string, unknown>>;
}

/** What `liveThrottler` returns: options for `ThrottlerModule.forRootAsync`. */
export interface LiveThrottlerAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject: [typeof ConfigCenterService];
  readonly useFactory: (config: ConfigCenterService) => { throttlers: LiveThrottlerDefinition[] } & Record<string, unknown>;
}

/**
 * One throttler whose numbers are read from `section` of the config being served, per request: a
 * change applies to the next request, and an invalid one (say a limit of -5 against `@Min(1)`) is
 * rejected by the section, so the last good limit keeps being enforced.
 */
export function liveThrottlerDefinition<T extends object>(
  config: ConfigCenterService,
  section: SectionType<T>,
  options: LiveThrottlerOptions<T> = {},
): LiveThrottlerDefinition {
  const limitOf = options.limit ?? ((current: T) => (current as { limit: number }).limit);
  const ttlOf = options.ttl ?? ((current: T) => (current as { ttlMs?: number }).ttlMs ?? (current as { ttl: number }).ttl);
  const blockOf = options.blockDuration;
  const definition: LiveThrottlerDefinition = {
    name: options.name ?? 'default',
    limit: () => limitOf(config.get(section)),
    ttl: () => ttlOf(config.get(section)),
  };
  return blockOf ? { ...definition, blockDuration: () => blockOf(config.get(section)) } : definition;
}

/**
 * `@nestjs/throttler` with its limit and TTL held in a config section, in one line. Needs
 * `ConfigCenterModule` (global, or given in `imports`) and the section among its `sections`.
 *
 * @example
 * ```ts
 * @ConfigSection('rateLimit')
 * export class RateLimitConfig {
 *   @IsInt() @Min(1) limit = 100;
 *   @IsInt() @Min(1) ttlMs = 60_000;
 * }
 *
 * imports: [ThrottlerModule.forRootAsync(liveThrottler(RateLimitConfig))]
 * ```
 */
export function liveThrottler<T extends object>(
  section: SectionType<T>,
  options: LiveThrottlerModuleOptions<T> = {},
): LiveThrottlerAsyncOptions {
  const { imports, throttlerOptions, ...throttler } = options;
  return {
    ...(imports ? { imports } : {}),
    inject: [ConfigCenterService],
    useFactory: (config) => ({ ...throttlerOptions, throttlers: [liveThrottlerDefinition(config, section, throttler)] }),
  };
}
