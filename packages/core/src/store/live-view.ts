import type { ConfigStore } from './config-store';
import type { SectionBinding } from './section-binder';
import { sectionFieldsOf } from './section-fields';

/**
 * An object that stands for a section: it shares the class's prototype (so `instanceof` and methods
 * work) and each property is a getter over the section's instance in the current snapshot. What is
 * read from it is therefore always the validated value being served, at about the cost of a plain
 * read. For a consistent read of several properties, take `service.get(Section)` once instead.
 */
export function createLiveView<T extends object>(store: ConfigStore, binding: SectionBinding): T {
  const view = Object.create(binding.type.prototype) as T;
  const keys = propertiesOf(store, binding);
  for (let i = 0; i < keys.length; i++) Object.defineProperty(view, keys[i], liveProperty(store, binding, keys[i]));
  return Object.freeze(view);
}

function liveProperty(store: ConfigStore, { index, type }: SectionBinding, key: string): PropertyDescriptor {
  return {
    enumerable: true,
    get: () => (store.current.sections[index] as Record<string, unknown>)[key],
    set: () => {
      throw new TypeError(`Cannot assign to '${key}' of config section ${type.name}: config is read-only`);
    },
  };
}

/** The properties a section may have: those of its current instance and the fields of its class. */
function propertiesOf(store: ConfigStore, binding: SectionBinding): string[] {
  const instance = store.current.sections[binding.index];
  const keys = Object.keys(instance);
  for (const key of sectionFieldsOf(binding.type)) {
    if (!Object.prototype.hasOwnProperty.call(instance, key)) keys.push(key);
  }
  return keys;
}
