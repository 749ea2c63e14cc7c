import { deepFreeze, isPlainObject } from '../tree/tree-ops';

/**
 * A key-value store's value as config: a JSON object or array is that structure; any other text
 * stays text, for the declared type of the field that reads it to convert (`'1.10'` stays
 * `'1.10'` for a string field and is `1.1` for a number field).
 */
export function valueOfText(text: string): unknown {
  const first = text.trimStart().charAt(0);
  if (first !== '{' && first !== '[') return text;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) || Array.isArray(value) ? value : text;
  } catch {
    return text;
  }
}

const untypedTrees = new WeakMap<object, unknown>();

/**
 * A value read at a path no section types: each text leaf is its JSON value when that is a scalar
 * (`'5'` → 5, `'true'` → true, `'null'` → null), else the text (`'007'`, `'debug'`, and `'[1]'`,
 * whose structure a key-value source would already have made). Objects are converted once and
 * remembered, so an unchanged subtree reads as the same object.
 */
export function untypedValue(value: unknown): unknown {
  if (typeof value === 'string') return jsonOf(value);
  if (typeof value !== 'object' || value === null) return value;
  let converted = untypedTrees.get(value);
  if (converted === undefined) {
    converted = Array.isArray(value) ? value.map(untypedValue) : convertObject(value as Record<string, unknown>);
    untypedTrees.set(value, deepFreeze(converted));
  }
  return converted;
}

function convertObject(tree: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const key of Object.keys(tree)) converted[key] = untypedValue(tree[key]);
  return converted;
}

function jsonOf(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? text : value;
  } catch {
    return text;
  }
}
