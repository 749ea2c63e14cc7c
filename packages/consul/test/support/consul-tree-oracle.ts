/** A config tree as the oracle builds it: plain objects, text values, parsed documents. */
export type OracleTree = { [key: string]: unknown };

const DOCUMENT = /\.json$/;

/**
 * The tree a Consul source must serve for the keys a test wrote, built from the documented rules
 * alone — DESIGN.md section 4 and docs/key-mapping.md, "On Consul" — and never from the source's
 * mapper, so that a mapping bug cannot hide in the expected value. It covers the rules the random
 * suites exercise: keys outside `prefix` and folders (a key ending in `/`) are ignored; a key's
 * remainder splits on `/` into a path; a value keeps its text unless the text is a JSON object or
 * array; a key ending in `.json` holds a document mounted at the path without the extension; keys
 * below a document overlay it. Keys with empty or forbidden segments are out of its scope.
 */
export function expectedConsulTree(written: ReadonlyMap<string, string>, prefix: string): OracleTree {
  const tree: OracleTree = {};
  const keys = [...written.keys()].filter((key) => key.startsWith(prefix) && !key.endsWith('/'));
  const path = (key: string) => key.slice(prefix.length).replace(DOCUMENT, '').split('/');
  // Documents first: a key below a document overlays it, whatever the order of their names.
  for (const key of keys.filter((k) => DOCUMENT.test(k))) setAt(tree, path(key), JSON.parse(written.get(key)!));
  for (const key of keys.filter((k) => !DOCUMENT.test(k))) setAt(tree, path(key), valueOf(written.get(key)!));
  return tree;
}

/**
 * Whether two trees hold the same keys and values, whatever their objects' prototypes (the
 * source's tree may use prototype-free objects): compared as JSON with sorted keys.
 */
export function sameTree(actual: unknown, expected: unknown): boolean {
  return canonical(actual) === canonical(expected);
}

function valueOf(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return parsed;
  } catch {
    // Not JSON: the text itself.
  }
  return text;
}

function setAt(tree: OracleTree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    node = node[segment] = isObject(next) ? { ...next } : {};
  }
  const last = path[path.length - 1];
  const current = node[last];
  node[last] = isObject(current) && isObject(value) ? merge(current, value) : value;
}

function merge(base: OracleTree, over: OracleTree): OracleTree {
  const merged: OracleTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] = isObject(merged[key]) && isObject(value) ? merge(merged[key] as OracleTree, value) : value;
  }
  return merged;
}

function isObject(value: unknown): value is OracleTree {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isObject(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, inner[key]]),
        )
      : inner,
  );
}
