import { isClassInstance } from '../tree/tree-ops';
import { defaultsOf, itemValidatorsOf, sectionFieldsOf } from './section-fields';

type ScalarKind = 'number' | 'boolean' | 'string';

/** The kind each scalar field converts to, and each list field's items. */
interface FieldKinds {
  readonly scalars: ReadonlyMap<string, ScalarKind>;
  readonly items: ReadonlyMap<string, ScalarKind>;
}

const kindsByClass = new WeakMap<object, FieldKinds>();

/** The class-validator validators (`{ each: true }`) that declare a list's items a kind. */
const ITEM_KINDS: ReadonlyMap<string, ScalarKind> = new Map([
  ['isInt', 'number'],
  ['isNumber', 'number'],
  ['isPositive', 'number'],
  ['isNegative', 'number'],
  ['min', 'number'],
  ['max', 'number'],
  ['isBoolean', 'boolean'],
  ['isString', 'string'],
]);

/** A decimal number as config text writes it: `5`, `-1.10`, `.5`, `1e3`, with spaces around. */
const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Converts, in place, the scalar fields of a freshly transformed section instance (and of the
 * class instances nested in it) to the type each field declares (`design:type`) or, for an
 * unannotated field such as `limit = 100`, the type of its default. Text keeps its text where the
 * field is a string (`'1.10'` stays `'1.10'`), becomes a number where it is a number, a boolean
 * where it is a boolean (`'false'` is `false`). The items of a list convert alike to the kind its
 * `{ each: true }` validators or its default's items declare (`ports: ['80']` → `[80]`), as a YAML
 * list of plain scalars arrives as text. A field with no declared type is left as given. Values
 * that do not look like the type are left for validation to reject.
 */
export function coerceInstance(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(coerceInstance);
    return;
  }
  if (!isClassInstance(value)) return;
  const { scalars, items } = kindsOf(value.constructor as new () => object);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    const kind = scalars.get(key);
    const itemKind = items.get(key);
    if (kind) record[key] = convert(field, kind);
    else if (itemKind && Array.isArray(field)) record[key] = field.map((item) => convert(item, itemKind));
    else coerceInstance(field);
  }
}

/** The kinds the scalar and list fields of a class convert to, found once per class. */
function kindsOf(type: new () => object): FieldKinds {
  let kinds = kindsByClass.get(type);
  if (kinds) return kinds;
  const scalars = new Map<string, ScalarKind>();
  const items = new Map<string, ScalarKind>();
  const defaults = defaultsOf(type);
  const validators = itemValidatorsOf(type);
  for (const key of sectionFieldsOf(type)) {
    const kind = kindOfType(Reflect.getMetadata('design:type', type.prototype as object, key)) ?? kindOfValue(defaults[key]);
    const itemKind = (validators.get(key) ?? []).map((name) => ITEM_KINDS.get(name)).find(Boolean) ?? kindOfItems(defaults[key]);
    if (kind) scalars.set(key, kind);
    else if (itemKind) items.set(key, itemKind);
  }
  kinds = { scalars, items };
  kindsByClass.set(type, kinds);
  return kinds;
}

/** The one scalar kind of a non-empty list's items (a default such as `[0.5, 1]`), else none. */
function kindOfItems(value: unknown): ScalarKind | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const kind = kindOfValue(value[0]);
  return value.every((item) => kindOfValue(item) === kind) ? kind : undefined;
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
