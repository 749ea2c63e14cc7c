import type { ConfigValueMetadata } from './decorators/config-value.decorator';
import type { ConfigStore } from './store/config-store';
import type { ConfigSnapshot } from './store/config-snapshot';
import { deepFreeze } from './tree/tree-ops';

/**
 * Turns one `@ConfigValue` property of an instance into a getter over the current snapshot. The
 * value is looked up once per snapshot and then returned from a closure, so a read costs about
 * one reference comparison more than a plain property read.
 */
export function bindConfigValue(store: ConfigStore, instance: object, metadata: ConfigValueMetadata): void {
  const read = store.readerFor(metadata.path);
  const hasDefault = 'default' in metadata.options;
  const fallback = deepFreeze(metadata.options.default);
  const owner = `${instance.constructor.name}.${String(metadata.property)}`;
  if (!hasDefault) store.requirePath(metadata.path, `@ConfigValue on ${owner}`);
  let seen: ConfigSnapshot | undefined;
  let value: unknown;
  Object.defineProperty(instance, metadata.property, {
    configurable: true,
    enumerable: true,
    get: () => {
      const snapshot = store.current;
      if (snapshot !== seen) {
        seen = snapshot;
        const current = read(snapshot);
        value = current === undefined ? fallback : current;
      }
      return value;
    },
    set: () => {
      throw new TypeError(`Cannot assign to ${owner}: it is bound to config path '${metadata.path}'`);
    },
  });
}
