import type { ConfigEdit, ConfigTree } from '@config-center/core';
import { keyPath, mapKey, type MappedKey } from './etcd-key-mapping';

/** One key as etcd reports it, relative to the prefix; no `value` means it was deleted. */
export interface KeyChange {
  readonly key: string;
  readonly value?: string;
  readonly modRevision: number;
}

type Entry = MappedKey & { readonly modRevision: number };

/**
 * The keys of the prefix as the source last delivered them, with their mod revisions and mapped
 * values. It turns changed keys into edits of the source's tree, and a fresh read into the changes
 * that bring it up to date.
 *
 * The tree is a function of the key set: keys are applied shortest path first, then in key order,
 * so `a/b` lands inside the document of `a.json`. When a changed key overlaps another key's path,
 * the whole subtree under the outermost of them is rebuilt; otherwise a change is one edit.
 */
export class EtcdKeyIndex {
  private readonly entries = new Map<string, Entry>();
  /** Path id → the keys mapped exactly there. */
  private readonly atPath = new Map<string, Set<string>>();
  /** Path id → how many keys are mapped strictly below it. */
  private readonly below = new Map<string, number>();

  /** Records a key's new value (or its deletion); returns why the value cannot be used, if so. */
  record(change: KeyChange): string | undefined {
    this.forget(change.key);
    if (change.value === undefined) return undefined;
    const entry: Entry = { ...mapKey(change.key, change.value), modRevision: change.modRevision };
    this.entries.set(change.key, entry);
    if (entry.path) this.link(change.key, entry.path, 1);
    return entry.problem;
  }

  /** Why the key's current value cannot be used, or `undefined`. */
  problemOf(key: string): string | undefined {
    return this.entries.get(key)?.problem;
  }

  clear(): void {
    this.entries.clear();
    this.atPath.clear();
    this.below.clear();
  }

  /** The changes that turn the recorded keys into `read` (a whole prefix), by mod revision. */
  diff(read: readonly KeyChange[]): KeyChange[] {
    const seen = new Set<string>();
    const changes: KeyChange[] = [];
    for (const change of read) {
      seen.add(change.key);
      if (this.entries.get(change.key)?.modRevision !== change.modRevision) changes.push(change);
    }
    for (const key of this.entries.keys()) {
      if (!seen.has(key)) changes.push({ key, modRevision: 0 });
    }
    return changes;
  }

  /** The whole tree of the usable keys. */
  build(): ConfigTree {
    const root: Record<string, unknown> = {};
    const owned = new WeakSet<object>([root]);
    for (const { path, value } of this.usableUnder([])) {
      let node = root;
      for (const segment of path.slice(0, -1)) {
        const child = node[segment];
        // Copy a document's object before writing into it: entries keep their own values.
        const next = isObject(child) ? (owned.has(child) ? child : { ...child }) : {};
        owned.add(next);
        node = node[segment] = next;
      }
      node[path[path.length - 1]] = value;
    }
    return root;
  }

  /**
   * The edits that bring the tree up to date after `keys` changed (and were recorded). A key whose
   * value cannot be used keeps its last good value, unless a rebuild of its subtree drops it.
   */
  editsFor(keys: Iterable<string>): ConfigEdit[] {
    const roots: (readonly string[])[] = [];
    for (const key of new Set(keys)) {
      const { path } = keyPath(key);
      if (path) roots.push(this.outermostOverlap(path));
    }
    return outermost(roots).flatMap((root) => this.rebuild(root));
  }

  private rebuild(root: readonly string[]): ConfigEdit[] {
    const id = pathId(root);
    const there = [...(this.atPath.get(id) ?? [])];
    if (!this.below.get(id) && there.length <= 1) {
      const entry = there.length ? this.entries.get(there[0]) : undefined;
      if (entry?.problem !== undefined) return [];
      return [{ path: root, value: entry?.value }];
    }
    return [{ path: root, value: undefined }, ...this.usableUnder(root)];
  }

  /** The shortest path that holds a key and is a prefix of `path`, else `path` itself. */
  private outermostOverlap(path: readonly string[]): readonly string[] {
    for (let length = 1; length < path.length; length++) {
      if (this.atPath.get(pathId(path.slice(0, length)))?.size) return path.slice(0, length);
    }
    return path;
  }

  /** The usable keys at or below `root`, as edits, shortest path first, then by key. */
  private usableUnder(root: readonly string[]): ConfigEdit[] {
    const found: { key: string; path: readonly string[]; value: unknown }[] = [];
    for (const [key, { path, value, problem }] of this.entries) {
      if (path && problem === undefined && startsWith(path, root)) found.push({ key, path, value });
    }
    found.sort((a, b) => a.path.length - b.path.length || (a.key < b.key ? -1 : 1));
    return found.map(({ path, value }) => ({ path, value }));
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.path) this.link(key, entry.path, -1);
  }

  private link(key: string, path: readonly string[], delta: 1 | -1): void {
    const id = pathId(path);
    const keys = this.atPath.get(id) ?? new Set<string>();
    if (delta > 0) this.atPath.set(id, keys.add(key));
    else if (keys.delete(key) && !keys.size) this.atPath.delete(id);
    for (let length = 1; length < path.length; length++) {
      const prefix = pathId(path.slice(0, length));
      const count = (this.below.get(prefix) ?? 0) + delta;
      if (count) this.below.set(prefix, count);
      else this.below.delete(prefix);
    }
  }
}

/** Segments never hold `/` (keys are split on it), so joining on it identifies a path. */
function pathId(path: readonly string[]): string {
  return path.join('/');
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** Drops duplicates and every path that lies under another one in the list. */
function outermost(paths: readonly (readonly string[])[]): (readonly string[])[] {
  const kept: (readonly string[])[] = [];
  for (const path of [...paths].sort((a, b) => a.length - b.length)) {
    if (!kept.some((outer) => startsWith(path, outer))) kept.push(path);
  }
  return kept;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
