import { inspect } from 'node:util';
import { isSchemaSection } from '../decorators/define-section';
import type { ConfigStore } from './config-store';
import type { SectionBinding } from './section-binder';
import { sectionFieldsOf } from './section-fields';

/**
 * An object that stands for a section: each property is a getter over the section's value in the
 * current snapshot, so what is read from it is always the validated value being served, at about
 * the cost of a plain read. For a consistent read of several properties, take
 * `service.get(Section)` once instead.
 *
 * A class section's view shares the class's prototype (so `instanceof` and methods work) and has
 * every field of the class. A schema section's view has the keys its value has; a key that first
 * appears in a later version (an optional one) is added to the view when that version is applied.
 * `JSON.stringify` and `util.inspect` of a view show the current instance, secrets as `[secret]`.
 */
export function createLiveView<T extends object>(store: ConfigStore, binding: SectionBinding): T {
  const { type } = binding;
  if (!isSchemaSection(type)) {
    const view = Object.create(type.prototype as object) as T;
    for (const key of propertiesOf(store, binding, sectionFieldsOf(type)))
      Object.defineProperty(view, key, liveProperty(store, binding, key));
    showsCurrent(view, store, binding);
    return Object.freeze(view);
  }
  const view = {} as T;
  showsCurrent(view, store, binding);
  let seen: object | undefined;
  const addKeys = () => {
    if (store.current.sections[binding.index] === seen) return;
    seen = store.current.sections[binding.index];
    for (const key of propertiesOf(store, binding, [])) {
      if (!Object.prototype.hasOwnProperty.call(view, key)) Object.defineProperty(view, key, liveProperty(store, binding, key));
    }
  };
  addKeys();
  store.snapshots$.subscribe(addKeys);
  return view;
}

/**
 * `JSON.stringify` and `util.inspect` of a view show the current instance as it shows itself: with
 * `[secret]` where it holds secrets (`hideSecrets`). Not enumerable, as the instance's own.
 */
function showsCurrent(view: object, store: ConfigStore, { index }: SectionBinding): void {
  const current = () => store.current.sections[index] as { toJSON?: () => unknown };
  Object.defineProperty(view, 'toJSON', { value: () => (typeof current().toJSON === 'function' ? current().toJSON!() : current()) });
  Object.defineProperty(view, inspect.custom, { value: () => current() });
}

function liveProperty(store: ConfigStore, { index, name }: SectionBinding, key: string): PropertyDescriptor {
  return {
    enumerable: true,
    get: () => (store.current.sections[index] as Record<string, unknown>)[key],
    set: () => {
      throw new TypeError(`Cannot assign to '${key}' of config section ${name}: config is read-only`);
    },
  };
}

/** The properties a section may have: those of its current instance and `fields`. */
function propertiesOf(store: ConfigStore, binding: SectionBinding, fields: readonly string[]): string[] {
  const instance = store.current.sections[binding.index];
  const keys = Object.keys(instance);
  for (const key of fields) {
    if (!Object.prototype.hasOwnProperty.call(instance, key)) keys.push(key);
  }
  return keys;
}
