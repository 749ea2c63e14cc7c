import { isClassInstance } from '../tree/tree-ops';
import { validatedProperties } from './validation-plan';

type ScalarKind = 'number' | 'boolean' | 'string';

const kindsByClass = new WeakMap<object, ReadonlyMap<string, ScalarKind>>();

/**
 * Converts, in place, the scalar fields of a freshly transformed section instance (and of the
 * class instances nested in it) to the type each field expects — known from its declared type
 * (`design:type`) or, for an unannotated field such as `limit = 100`, from its default. We do this
 * instead of class-transformer's implicit conversion, which turns `'false'` into `true` and cannot
 * see unannotated fields. Values that do not look like the type are left for validation to reject.
 */
export function coerceInstance(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(coerceInstance);
    return;
  }
  if (!isClassInstance(value)) return;
  const kinds = scalarKindsOf(value.constructor as new () => object);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const kind = kinds.get(key);
    if (kind) record[key] = convert(record[key], kind);
    else coerceInstance(record[key]);
  }
}

/** The kind each scalar field of a class converts to, found once per class. */
export function scalarKindsOf(type: new () => object): ReadonlyMap<string, ScalarKind> {
  let kinds = kindsByClass.get(type);
  if (kinds) return kinds;
  const found = new Map<string, ScalarKind>();
  let defaults: Record<string, unknown> = {};
  try {
    defaults = new type() as Record<string, unknown>;
  } catch {
    // A class whose constructor needs arguments has no defaults to learn from.
  }
  const prototype = type.prototype as object;
  for (const keys of [Object.keys(defaults), declaredKeys(type)]) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (found.has(key)) continue;
      const kind = kindOfType(declaredType(prototype, key)) ?? kindOfValue(defaults[key]);
      if (kind) found.set(key, kind);
    }
  }
  kinds = found;
  kindsByClass.set(type, kinds);
  return kinds;
}

/** Fields known without a default: accessors and decorated fields (`@IsInt() port!: number`), which validators name. */
function declaredKeys(type: new () => object): string[] {
  const own = Object.getOwnPropertyNames(type.prototype).filter((key) => Reflect.hasMetadata('design:type', type.prototype, key));
  return own.concat(validatedProperties(type));
}

/** `Reflect.getMetadata('design:type', prototype, key)`, asked of one prototype at a time: the same answer, found faster. */
function declaredType(prototype: object, key: string): unknown {
  for (let owner: object | null = prototype; owner && owner !== Object.prototype; owner = Object.getPrototypeOf(owner) as object | null) {
    const type: unknown = Reflect.getOwnMetadata('design:type', owner, key);
    if (type !== undefined) return type;
  }
  return undefined;
}

function kindOfType(type: unknown): ScalarKind | undefined {
  if (type === Number) return 'number';
  if (type === Boolean) return 'boolean';
  if (type === String) return 'string';
  return undefined;
}

function kindOfValue(value: unknown): ScalarKind | undefined {
  const kind = typeof value;
  return kind === 'number' || kind === 'boolean' || kind === 'string' ? kind : undefined;
}

function convert(value: unknown, kind: ScalarKind): unknown {
  if (kind === 'string') return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  if (typeof value !== 'string') return value;
  if (kind === 'number') return /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}
