import { ConfigParseError, type ConfigTree } from '@config-center/core';
import { findPathProblem, formatOf, parseDocument, valueOfText } from '@config-center/core/source-kit';

/** One entry of a `GET /v1/kv/<prefix>?recurse` response, as Consul documents it. */
export interface ConsulKvEntry {
  readonly Key: string;
  /** Base64 of the value; `null` for a key stored with no value. */
  readonly Value: string | null;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
  readonly LockIndex?: number;
  readonly Flags?: number;
  readonly Session?: string;
}

/** A folder: a key ending in `/`, as the Consul UI and `consul kv put dir/` create. It holds no config. */
export function isFolder(key: string): boolean {
  return key.endsWith('/');
}

/**
 * Builds the config tree of the keys under `prefix` (DESIGN.md section 4): each key's remainder is
 * split on `/` into a path; a value keeps its text (a JSON object or array is that structure);
 * a key ending in `.json`, `.yaml` or `.yml` holds a document mounted at the path without the
 * extension. Folders are ignored. Throws a `ConfigParseError` naming the key (never its value) for
 * a malformed document, a forbidden or empty path segment, or two keys claiming one path.
 */
export function consulEntriesToTree(entries: readonly ConsulKvEntry[], prefix: string, source: string): ConfigTree {
  const root: Record<string, unknown> = {};
  const owners = new Map<object, Map<string, string>>();
  for (const entry of entries) {
    if (isFolder(entry.Key) || !entry.Key.startsWith(prefix)) continue;
    const path = entry.Key.slice(prefix.length).split('/');
    const text = entry.Value === null ? '' : Buffer.from(entry.Value, 'base64').toString('utf8');
    const format = formatOf(path[path.length - 1]);
    if (format) path[path.length - 1] = path[path.length - 1].replace(/\.(json|ya?ml)$/i, '');
    const problem = findPathProblem(path);
    if (problem) throw new ConfigParseError(source, entry.Key, problem);
    const value = format ? parseDocument(text, format, { source, location: entry.Key }) : valueOfText(text);
    place(root, path, value, entry.Key, owners, source);
  }
  return root;
}

/** Sets `value` at `path`, refusing to put a key under another key's value or on an existing object. */
function place(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  key: string,
  owners: Map<object, Map<string, string>>,
  source: string,
): void {
  let node = root;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const claims = owners.get(node) ?? new Map<string, string>();
    owners.set(node, claims);
    const claimedBy = claims.get(segment);
    const last = depth === path.length - 1;
    if (claimedBy !== undefined && (last || claimedBy !== '')) {
      const other = claimedBy === '' ? 'other keys below it' : `key '${claimedBy}'`;
      throw new ConfigParseError(source, key, `path '${path.slice(0, depth + 1).join('.')}' is already set by ${other}`);
    }
    if (last) {
      claims.set(segment, key);
      node[segment] = value;
    } else {
      if (claimedBy === undefined) {
        claims.set(segment, '');
        node[segment] = {};
      }
      node = node[segment] as Record<string, unknown>;
    }
  }
}
