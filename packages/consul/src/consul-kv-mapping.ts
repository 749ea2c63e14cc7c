import { KeyMapper, type MappedKeys } from '@config-center/core/source-kit';

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

const mapper = new KeyMapper();

/**
 * The config tree of the keys under `prefix`, by the core's key mapper (DESIGN.md section 4), the
 * same tree the same keys give from etcd, env or a mount: each key's remainder split on `/` into a
 * path; a value keeps its text (a JSON object or array is that structure); a key ending in
 * `.json`, `.yaml` or `.yml` holds a document mounted at the path without the extension, and keys
 * below it overlay it. Folders are ignored. A key that cannot be mapped (a forbidden or empty
 * segment, too deep or long, a malformed document, bytes that are not UTF-8) is listed in
 * `problems`, named by its full key and never its value, and is left out — or, when `lastGood`
 * holds a value it mapped with before, keeps that one until it is fixed or deleted, as an etcd key
 * does. `lastGood` (full key → value bytes) is brought up to date.
 */
export function consulEntriesToTree(entries: readonly ConsulKvEntry[], prefix: string, lastGood = new Map<string, Buffer>()): MappedKeys {
  const pairs = new Map<string, Buffer>();
  for (const entry of entries) {
    if (isFolder(entry.Key) || !entry.Key.startsWith(prefix)) continue;
    pairs.set(entry.Key.slice(prefix.length), entry.Value === null ? Buffer.alloc(0) : Buffer.from(entry.Value, 'base64'));
  }
  const first = mapper.map(pairs);
  const bad = new Set(first.problems.map((p) => p.key));
  for (const key of [...lastGood.keys()]) if (!pairs.has(key.slice(prefix.length))) lastGood.delete(key);
  for (const [key, bytes] of pairs) if (!bad.has(key)) lastGood.set(`${prefix}${key}`, bytes);
  const kept = [...bad].filter((key) => lastGood.has(`${prefix}${key}`));
  const tree = kept.length
    ? mapper.map([...pairs].map(([key, bytes]) => [key, bad.has(key) ? (lastGood.get(`${prefix}${key}`) ?? bytes) : bytes])).tree
    : first.tree;
  return { tree, problems: first.problems.map(({ key, problem }) => ({ key: `${prefix}${key}`, problem })) };
}
