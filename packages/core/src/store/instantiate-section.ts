import { plainToInstance } from 'class-transformer';
import type { ConfigTree } from '../interfaces/config-source.interface';

/** class-transformer's metadata: per decorated class, a map of its decorated properties. */
type TransformerMaps = readonly ReadonlyMap<object, unknown>[];

const transformerMaps = loadTransformerMaps();
const undecoratedClasses = new WeakMap<object, boolean>();

/**
 * `plainToInstance(type, plain, { exposeDefaultValues: true })`, with a short path for the common
 * case: a class without class-transformer decorators (`@Type`, `@Transform`, `@Expose`,
 * `@Exclude`) and a subtree of scalars. There class-transformer only constructs the class and copies
 * each key's value over its default — skipping `__proto__`, `constructor`, getter-only accessors
 * and methods of the class — and that is all this does, without class-transformer's per-key
 * metadata lookups. Anything else (a nested object or array, a class that it or a base class
 * decorates) goes through class-transformer itself.
 */
export function instantiateSection(type: new () => object, plain: ConfigTree): object {
  if (!allScalars(plain) || !isUndecorated(type)) {
    return plainToInstance(type, plain, { exposeDefaultValues: true }) as object;
  }
  const instance = new type() as Record<string, unknown>;
  const prototype = (instance.constructor as { prototype?: object } | undefined)?.prototype;
  const keys = Object.keys(plain);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === '__proto__' || key === 'constructor') continue;
    const descriptor = prototype && Object.getOwnPropertyDescriptor(prototype, key);
    if ((descriptor && !descriptor.set) || instance[key] instanceof Function) continue;
    const value = plain[key];
    instance[key] = value === undefined ? instance[key] : value;
  }
  return instance;
}

function allScalars(plain: ConfigTree): boolean {
  for (const key in plain) {
    const value = plain[key];
    if (typeof value === 'object' && value !== null) return false;
  }
  return true;
}

/** Whether class-transformer holds no decorator for the class or any class it extends. */
export function isUndecorated(type: object): boolean {
  let undecorated = undecoratedClasses.get(type);
  if (undecorated === undefined) {
    undecorated = transformerMaps !== undefined;
    for (
      let target = type;
      undecorated && (target as { prototype?: unknown }).prototype !== undefined;
      target = Object.getPrototypeOf(target)
    ) {
      undecorated = !transformerMaps!.some((map) => map.has(target));
    }
    undecoratedClasses.set(type, undecorated);
  }
  return undecorated;
}

/**
 * class-transformer's metadata storage is not exported from its entry point: it is the module
 * `plainToInstance` itself reads (`class-transformer/cjs/storage`), holding one map per kind of
 * decorator, keyed by class. Should a release store it otherwise, every section goes through
 * `plainToInstance`.
 */
function loadTransformerMaps(): TransformerMaps | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage?: Record<string, unknown> };
    const maps = ['_typeMetadatas', '_transformMetadatas', '_exposeMetadatas', '_excludeMetadatas'].map(
      (name) => defaultMetadataStorage?.[name],
    );
    return maps.every((map) => map instanceof Map) ? (maps as Map<object, unknown>[]) : undefined;
  } catch {
    return undefined;
  }
}
