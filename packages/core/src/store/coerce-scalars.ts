import type { SectionType } from '../interfaces/config-center-options.interface';
import { isPlainObject } from '../tree/tree-ops';

type ScalarKind = 'number' | 'boolean';

const kindsByType = new WeakMap<SectionType, ReadonlyMap<string, ScalarKind>>();

/**
 * Converts strings to the number or boolean a section field expects — known from its declared
 * type (`design:type`) or, for an unannotated field such as `limit = 100`, from its default.
 * class-transformer's implicit conversion alone turns `'false'` into `true` and cannot see the
 * type of an unannotated field. Strings that do not look like the type are left for validation.
 */
export function coerceScalars(type: SectionType, plain: Record<string, unknown>): Record<string, unknown> {
  const kinds = scalarKindsOf(type);
  let result = plain;
  for (const [key, kind] of kinds) {
    const value = plain[key];
    if (typeof value !== 'string') continue;
    const converted = kind === 'number' ? toNumber(value) : toBoolean(value);
    if (converted === undefined) continue;
    if (result === plain) result = { ...plain };
    result[key] = converted;
  }
  return result;
}

function scalarKindsOf(type: SectionType): ReadonlyMap<string, ScalarKind> {
  let kinds = kindsByType.get(type);
  if (kinds) return kinds;
  const found = new Map<string, ScalarKind>();
  const defaults = new type() as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    const declared: unknown = Reflect.getMetadata('design:type', type.prototype, key);
    const kind = declared === Number ? 'number' : declared === Boolean ? 'boolean' : kindOfValue(defaults[key]);
    if (kind) found.set(key, kind);
  }
  kinds = found;
  kindsByType.set(type, kinds);
  return kinds;
}

function kindOfValue(value: unknown): ScalarKind | undefined {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

function toNumber(text: string): number | undefined {
  return /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

function toBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Applies `coerceScalars` when the input is an object. */
export function coerceSection(type: SectionType, plain: unknown): unknown {
  return isPlainObject(plain) ? coerceScalars(type, plain as Record<string, unknown>) : plain;
}
