import { KeyMapper, parseDocument, type ConfigTree } from '@config-center/core/tooling';
import { stringify as stringifyYaml } from 'yaml';
import { keysOfTree, type KeyValues } from './config-keys';

/** The formats `export` and `get` write: what `FileConfigSource` reads. */
export type DocumentFormat = 'yaml' | 'json';

/** A key that a config file cannot hold, and why; never its value. */
export interface UnwritableKey {
  readonly key: string;
  readonly problem: string;
}

/** A key as read from the backend: its name relative to the prefix as bytes (to check it as the app would) and its text. */
export interface RawKey {
  readonly name: Uint8Array | string;
  readonly value: string;
}

const mapper = new KeyMapper();

/**
 * The tree of a config file in `format` that holds exactly these keys: a key's `/`-separated
 * segments are nested mappings and its leaf is what gives its text back through `keysOfTree` (the
 * inverse the CLI publishes files with), so `import` of the file writes byte-identical keys. A leaf
 * is a number, boolean or null when that scalar's text is the key's text (`5`, `true`), an array
 * or `{}` when the key holds that JSON exactly as `keysOfTree` writes it (in YAML, whose plain
 * scalars read back as text, only one with no number or boolean in it), else the text as a string
 * (`'1.10'`, `'007'`, `'[1, 2]'`). Keys the app's key mapper leaves out, and a key that holds a
 * value while other keys lie below it, cannot be written and are returned instead.
 */
export function documentTreeOf(
  keys: ReadonlyMap<string, RawKey>,
  format: DocumentFormat,
): { tree: ConfigTree; unwritable: UnwritableKey[] } {
  const tree: Record<string, unknown> = {};
  const unwritable: UnwritableKey[] = [];
  const leaves = new Set<string>();
  const inner = new Map<string, string>();
  for (const [key, { name, value }] of keys) {
    const located = mapper.pathOf(name);
    if (located.problem !== undefined) {
      unwritable.push({ key, problem: located.problem });
      continue;
    }
    const segments = key.split('/');
    const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
    const above = ancestors.find((ancestor) => leaves.has(ancestor));
    const below = inner.get(key);
    if (above !== undefined || below !== undefined) {
      const [upper, lower] = above !== undefined ? [above, key] : [key, below];
      unwritable.push({ key, problem: `'${upper}' holds a value and '${lower}' lies below it; a config file cannot hold both` });
      continue;
    }
    leaves.add(key);
    for (const ancestor of ancestors) if (!inner.has(ancestor)) inner.set(ancestor, key);
    let node = tree;
    for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
    node[segments[segments.length - 1]] = leafOf(value, format);
  }
  return { tree, unwritable };
}

/** The file's text: YAML (no line folding) or JSON, ending in a newline. */
export function renderDocument(tree: ConfigTree, format: DocumentFormat): string {
  return format === 'json' ? `${JSON.stringify(tree, null, 2)}\n` : stringifyYaml(tree, { lineWidth: 0 });
}

/** The keys a file's text becomes when it is read back, as `publish` and `import` read it. */
export function keysOfDocument(text: string, format: DocumentFormat): KeyValues {
  return keysOfTree(parseDocument(text, format, { source: 'config-center', location: 'export' }) as ConfigTree);
}

/** The leaf that `keysOfTree`, once the file is read back, turns into exactly `text`. */
function leafOf(text: string, format: DocumentFormat): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (parsed === null || typeof parsed === 'number' || typeof parsed === 'boolean') return String(parsed) === text ? parsed : text;
  const exact = JSON.stringify(parsed) === text && (format === 'json' || !holdsTypedScalar(parsed));
  if (Array.isArray(parsed)) return exact ? parsed : text;
  const empty = typeof parsed === 'object' && Object.keys(parsed as object).length === 0;
  return exact && empty ? parsed : text;
}

/** Whether a JSON structure holds a number or a boolean, which a YAML file reads back as text. Without recursion: keys may nest deep. */
function holdsTypedScalar(root: unknown): boolean {
  const pending = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'number' || typeof value === 'boolean') return true;
    if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) pending.push(item);
  }
  return false;
}
