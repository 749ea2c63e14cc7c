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

/** A default instance of a section class; an empty object when its constructor needs arguments. */
export function defaultsOf(type: new () => object): Record<string, unknown> {
  try {
    return new type() as Record<string, unknown>;
  } catch {
    return {};
  }
}
