import { ON_CONFIG_CHANGE_METADATA } from '../config-center.constants';
import type { Section } from '../interfaces/config-center-options.interface';
import { collectMetadata } from './config-value.decorator';

/** What `@OnConfigChange` records for one method. */
export interface OnConfigChangeMetadata {
  readonly method: string | symbol;
  readonly target: Section | string;
}

/**
 * Calls the method with `(next, previous)` after each applied swap that changes the section (a
 * class or a `defineSection` one) or the value at a path. A handler that throws or rejects is reported on `errors$` and the
 * log; it never stops the stream or the other handlers.
 *
 * @example
 * ```ts
 * @OnConfigChange(RateLimitConfig)
 * resize(next: RateLimitConfig, previous: RateLimitConfig) { this.pool.resize(next.limit); }
 * ```
 */
export function OnConfigChange(target: Section | string): MethodDecorator {
  return (prototype, method) => {
    const own: OnConfigChangeMetadata[] = Reflect.getOwnMetadata(ON_CONFIG_CHANGE_METADATA, prototype) ?? [];
    Reflect.defineMetadata(ON_CONFIG_CHANGE_METADATA, [...own, { method, target }], prototype);
  };
}

/** Every `@OnConfigChange` of an instance's class and its ancestors. */
export function configChangeHandlersOf(instance: object): OnConfigChangeMetadata[] {
  return collectMetadata<OnConfigChangeMetadata>(ON_CONFIG_CHANGE_METADATA, instance);
}
