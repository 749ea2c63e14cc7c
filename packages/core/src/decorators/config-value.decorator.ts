import { CONFIG_VALUE_METADATA } from '../config-center.constants';

/** Options of `@ConfigValue`. */
export interface ConfigValueOptions<T = unknown> {
  /** Returned while the path holds no value; without it, a missing path fails startup. */
  readonly default?: T;
}

/** What `@ConfigValue` records for one property. */
export interface ConfigValueMetadata {
  readonly property: string | symbol;
  readonly path: string;
  readonly options: ConfigValueOptions;
}

/**
 * Makes a property of a provider or controller a getter over the current config snapshot: every
 * read returns the value at `path` in the version being served, at about the cost of a plain read.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OrdersService {
 *   @ConfigValue('rateLimit.limit', { default: 100 })
 *   private readonly limit!: number;
 * }
 * ```
 */
export function ConfigValue(path: string, options: ConfigValueOptions = {}): PropertyDecorator {
  return (target, property) => {
    const own: ConfigValueMetadata[] = Reflect.getOwnMetadata(CONFIG_VALUE_METADATA, target) ?? [];
    Reflect.defineMetadata(CONFIG_VALUE_METADATA, [...own, { property, path, options }], target);
  };
}

/** Every `@ConfigValue` of an instance's class and its ancestors. */
export function configValuesOf(instance: object): ConfigValueMetadata[] {
  return collectMetadata<ConfigValueMetadata>(CONFIG_VALUE_METADATA, instance);
}

/** Metadata arrays recorded on each prototype of the chain, nearest last. */
export function collectMetadata<T>(key: string, instance: object): T[] {
  const found: T[] = [];
  for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own: T[] | undefined = Reflect.getOwnMetadata(key, proto);
    if (own) found.unshift(...own);
  }
  return found;
}
