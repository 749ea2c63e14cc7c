import { getMetadataStorage } from 'class-validator';

const fieldsByClass = new WeakMap<object, readonly string[]>();

/**
 * The fields of a section class, found once per class: those a default instance holds (the field
 * initialisers) and those class-validator validates (`@IsInt() port!: number` has no default but
 * is a field all the same). Read through class-validator's exported metadata storage.
 */
export function sectionFieldsOf(type: new () => object): readonly string[] {
  let fields = fieldsByClass.get(type);
  if (!fields) {
    const found = new Set(Object.keys(defaultsOf(type)));
    for (const metadata of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
      if (typeof metadata.propertyName === 'string') found.add(metadata.propertyName);
    }
    fields = [...found];
    fieldsByClass.set(type, fields);
  }
  return fields;
}

const itemValidatorsByClass = new WeakMap<object, ReadonlyMap<string, readonly string[]>>();

/**
 * The names of the class-validator validators a section class applies to each item of a field
 * (`@IsInt({ each: true }) ports: number[]` → `ports: ['isInt']`), found once per class: what a
 * list's items are declared to be, which `design:type` (`Array`) does not say.
 */
export function itemValidatorsOf(type: new () => object): ReadonlyMap<string, readonly string[]> {
  let found = itemValidatorsByClass.get(type);
  if (!found) {
    const names = new Map<string, string[]>();
    for (const metadata of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
      if (!metadata.each || !metadata.name || typeof metadata.propertyName !== 'string') continue;
      names.set(metadata.propertyName, [...(names.get(metadata.propertyName) ?? []), metadata.name]);
    }
    found = names;
    itemValidatorsByClass.set(type, found);
  }
  return found;
}

/** A default instance of a section class; an empty object when its constructor needs arguments. */
export function defaultsOf(type: new () => object): Record<string, unknown> {
  try {
    return new type() as Record<string, unknown>;
  } catch {
    return {};
  }
}
