import { KeyMapper, type ConfigTree, type LeftOutKey } from '@config-center/core/tooling';

/** Keys relative to a prefix and their values as text, in key order. */
export type KeyValues = ReadonlyMap<string, string>;

/**
 * The keys a config tree becomes in a key-value store, the inverse of the core's `KeyMapper`:
 * nested objects are `/`-separated key paths; scalars are their text (`5` → `'5'`, `true` →
 * `'true'`); arrays and empty objects are JSON text, which the mapper reads back as that structure.
 */
export function keysOfTree(tree: ConfigTree): KeyValues {
  const keys = new Map<string, string>();
  const visit = (value: unknown, path: string[]) => {
    if (isNonEmptyObject(value)) {
      for (const name of Object.keys(value)) visit(value[name], [...path, name]);
    } else if (path.length) {
      keys.set(path.join('/'), textOf(value));
    }
  };
  visit(tree, []);
  return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The tree the app builds from these keys, with the core's key mapper, and the keys it leaves out. */
export function treeOfKeys(keys: KeyValues): { tree: ConfigTree; problems: readonly LeftOutKey[] } {
  return new KeyMapper().map(keys);
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}
