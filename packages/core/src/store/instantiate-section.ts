import { plainToInstance, TransformationType } from 'class-transformer';
import type { ConfigTree } from '../interfaces/config-source.interface';

/** The part of class-transformer's metadata storage read here (its public methods). */
interface TransformerMetadata {
  getStrategy(target: object): string;
  getExposedMetadatas(target: object): unknown[];
  getExcludedMetadatas(target: object): unknown[];
  findTypeMetadata(target: object, property: string): unknown;
  findTransformMetadatas(target: object, property: string, transformationType: TransformationType): unknown[];
}

/** Per class: whether class-transformer has nothing to do for it, and which keys it was asked about. */
interface ClassInfo {
  readonly undecorated: boolean;
  readonly plainKeys: Map<string, boolean>;
}

const storage = loadTransformerMetadata();
const byClass = new WeakMap<object, ClassInfo>();

/**
 * `plainToInstance(type, plain, { exposeDefaultValues: true })`, with a short path for the common
 * case: a class without class-transformer decorators (`@Type`, `@Transform`, `@Expose`,
 * `@Exclude`) and a subtree of scalars. There class-transformer only constructs the class and copies
 * each key's value over its default — skipping `__proto__`, `constructor`, getter-only accessors
 * and methods of the class — and that is all this does, without class-transformer's per-key
 * metadata lookups. Anything else (a nested object or array, a decorated class or key) goes
 * through class-transformer itself.
 */
export function instantiateSection(type: new () => object, plain: ConfigTree): object {
  if (!storage || !allScalars(plain) || !isUndecorated(type, plain)) {
    return plainToInstance(type, plain, { exposeDefaultValues: true }) as object;
  }
  const instance = new type() as Record<string, unknown>;
  const prototype = (instance.constructor as { prototype?: object } | undefined)?.prototype;
  for (const key of Object.keys(plain)) {
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

function isUndecorated(type: object, plain: ConfigTree): boolean {
  const metadata = storage!;
  let info = byClass.get(type);
  if (!info) {
    const undecorated =
      metadata.getStrategy(type) === 'none' && !metadata.getExposedMetadatas(type).length && !metadata.getExcludedMetadatas(type).length;
    info = { undecorated, plainKeys: new Map() };
    byClass.set(type, info);
  }
  if (!info.undecorated) return false;
  for (const key of Object.keys(plain)) {
    let plainKey = info.plainKeys.get(key);
    if (plainKey === undefined) {
      plainKey =
        !metadata.findTypeMetadata(type, key) && !metadata.findTransformMetadatas(type, key, TransformationType.PLAIN_TO_CLASS).length;
      info.plainKeys.set(key, plainKey);
    }
    if (!plainKey) return false;
  }
  return true;
}

/**
 * class-transformer's metadata storage is not exported from its entry point; it is the module
 * `plainToInstance` itself reads (`class-transformer/cjs/storage`). If a release moves it, every
 * section simply goes through `plainToInstance`.
 */
function loadTransformerMetadata(): TransformerMetadata | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('class-transformer/cjs/storage') as { defaultMetadataStorage?: TransformerMetadata }).defaultMetadataStorage;
  } catch {
    return undefined;
  }
}
