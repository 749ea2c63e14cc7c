import { isClassInstance } from '../tree/tree-ops';
import { defaultsOf, sectionFieldsOf } from './section-fields';

type ScalarKind = 'number' | 'boolean' | 'string';

const kindsByClass = new WeakMap<object, ReadonlyMap<string, ScalarKind>>();

/** A decimal number as config text writes it: `5`, `-1.10`, `.5`, `1e3`, with spaces around. */
const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Converts, in place, the scalar fields of a freshly transformed section instance (and of the
 * class instances nested in it) to the type each field declares (`design:type`) or, for an
 * unannotated field such as `limit = 100`, the type of its default. Text keeps its text where the
 * field is a string (`'1.10'` stays `'1.10'`), becomes a number where it is a number, a boolean
 * where it is a boolean (`'false'` is `false`). A field with no declared type is left as given.
 * Values that do not look like the type are left for validation to reject.
 */
export function coerceInstance(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(coerceInstance);
    return;
  }
  if (!isClassInstance(value)) return;
  const kinds = scalarKindsOf(value.constructor as new () => object);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const kind = kinds.get(key);
    if (kind) record[key] = convert(record[key], kind);
    else coerceInstance(record[key]);
  }
}

/** The kind each scalar field of a class converts to, found once per class. */
function scalarKindsOf(type: new () => object): ReadonlyMap<string, ScalarKind> {
  let kinds = kindsByClass.get(type);
  if (kinds) return kinds;
  const found = new Map<string, ScalarKind>();
  const defaults = defaultsOf(type);
  for (const key of sectionFieldsOf(type)) {
    const kind = kindOfType(Reflect.getMetadata('design:type', type.prototype as object, key)) ?? kindOfValue(defaults[key]);
    if (kind) found.set(key, kind);
  }
  kinds = found;
  kindsByClass.set(type, kinds);
  return kinds;
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
  if (kind === 'number') return NUMBER_TEXT.test(value) ? Number(value) : value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}
