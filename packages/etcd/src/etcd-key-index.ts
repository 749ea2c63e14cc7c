import type { ConfigEdit, ConfigTree } from '@config-center/core';
import { keyPath, mapKey, type MappedKey } from './etcd-key-mapping';
import { KeyMapper } from '@config-center/core/source-kit';
import { entryOf, heldBackEntry, isUsable, treeOf, usableLocated, type Entry, type KeyChange } from './etcd-key-tree';
import { ancestorIds, EtcdPathKeys } from './etcd-path-keys';

export type { KeyChange } from './etcd-key-tree';

/**
 * The keys of the prefix as the source last delivered them, with their mod revisions and mapped
 * values. It turns changed keys into edits of the source's tree, and a fresh read into the changes
 * that bring it up to date.
 *
 * The tree is a function of the key set, by the core's one rule (`KeyMapper.treeOf`): keys are
 * applied shortest path first, then in key order, so `a/b` lands inside the document of `a.json`
 * and of keys mapped to one path (`a`, `a.json`) the last in key order wins. When a changed key overlaps another key's path,
 * the whole subtree under the outermost of them is rebuilt; otherwise a change is one edit.
 */
export class EtcdKeyIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly paths = new EtcdPathKeys();
  /** The entries of the last `load`, until a call that needs them recorded records them. */
  private loaded: Entry[] = [];

  /**
   * Starts over from a whole read of the prefix: the tree of its usable keys, and the keys that
   * cannot be used with why. The keys are recorded when a later call first needs them, so a load
   * (the application's startup) pays for the tree alone.
   */
  load(read: readonly KeyChange[]): { tree: ConfigTree; problems: [string, string][] } {
    this.clear();
    const problems: [string, string][] = [];
    for (let i = 0; i < read.length; i++) {
      const entry = entryOf(read[i], mapChange(read[i]));
      if (entry === undefined) continue;
      this.loaded.push(entry);
      if (entry.problem !== undefined) problems.push([entry.key, entry.problem]);
    }
    return { tree: treeOf(this.loaded), problems };
  }

  /**
   * Records a key's new value, as `mapChange` maps it unless given mapped, or its deletion;
   * returns why the value cannot be used, if so. A value that cannot be used leaves the key's last
   * good value in place (see `heldBackEntry`).
   */
  record(change: KeyChange, mapped = mapChange(change)): string | undefined {
    this.recordLoaded();
    const read = entryOf(change, mapped);
    const entry = read?.problem === undefined ? read : heldBackEntry(read, this.entries.get(change.key));
    // A new value at the same path (the usual change) leaves the paths as they are.
    if (entry !== undefined && this.entries.get(change.key)?.id === entry.id) {
      this.entries.set(change.key, entry);
      return entry.problem;
    }
    this.forget(change.key);
    if (entry !== undefined) this.add(entry);
    return entry?.problem;
  }

  /** Why the key's current value cannot be used, or `undefined`. */
  problemOf(key: string): string | undefined {
    this.recordLoaded();
    return this.entries.get(key)?.problem;
  }

  clear(): void {
    this.loaded = [];
    this.entries.clear();
    this.paths.clear();
  }

  /**
   * The changes that turn the recorded keys into `read` (a whole prefix), by mod revision and by
   * content: a restored etcd may hold another value under the same mod revision.
   */
  diff(read: readonly KeyChange[]): KeyChange[] {
    this.recordLoaded();
    const seen = new Set<string>();
    const changes: KeyChange[] = [];
    for (const change of read) {
      seen.add(change.key);
      const known = this.entries.get(change.key);
      if (known?.modRevision !== change.modRevision || known.text !== change.value) changes.push(change);
    }
    for (const key of this.entries.keys()) {
      if (!seen.has(key)) changes.push({ key, modRevision: 0 });
    }
    return changes;
  }

  /** The whole tree of the usable keys, built in one pass over them. */
  build(): ConfigTree {
    this.recordLoaded();
    return treeOf(this.entries.values());
  }

  /**
   * The edits that bring the tree up to date after `keys` changed (and were recorded). A key whose
   * value cannot be used keeps its last good value, through a rebuild of its subtree too.
   */
  editsFor(keys: readonly string[]): ConfigEdit[] {
    this.recordLoaded();
    const roots: string[] = [];
    for (const key of keys.length === 1 ? keys : new Set(keys)) {
      const id = this.entries.get(key)?.id ?? keyPath(key).path?.join('/');
      if (id !== undefined) roots.push(this.outermostOverlap(id));
    }
    return outermost(roots).flatMap((root) => this.rebuild(root));
  }

  private rebuild(root: string): ConfigEdit[] {
    const there = this.paths.keysAt(root);
    const path = root.split('/');
    if (!this.paths.hasBelow(root) && there.length <= 1) {
      const entry = there.length ? this.entries.get(there[0]) : undefined;
      // A key with no usable value (and no last good one) holds nothing there.
      return [{ path, value: entry && isUsable(entry) ? entry.value : undefined }];
    }
    const inside = `${root}/`;
    const under: Entry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.id === root || entry.id?.startsWith(inside)) under.push(entry);
    }
    const rebuilt = KeyMapper.applyOrder(usableLocated(under)).map(({ path, value }) => ({ path, value }));
    return [{ path, value: undefined }, ...rebuilt];
  }

  /** The outermost path that holds a key and contains the path `id`, else `id` itself. */
  private outermostOverlap(id: string): string {
    return ancestorIds(id).find((ancestor) => this.paths.countAt(ancestor) > 0) ?? id;
  }

  /** Records the entries `load` left unrecorded. */
  private recordLoaded(): void {
    if (!this.loaded.length) return;
    const loaded = this.loaded;
    this.loaded = [];
    for (let i = 0; i < loaded.length; i++) this.add(loaded[i]);
  }

  private add(entry: Entry): void {
    this.entries.set(entry.key, entry);
    if (entry.id !== undefined) this.paths.add(entry.id, entry.key);
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.id !== undefined) this.paths.delete(entry.id, key);
  }
}

/** A changed key and its value as config; `undefined` for a deletion. */
export function mapChange(change: KeyChange): MappedKey | undefined {
  if (change.value === undefined) return undefined;
  return change.unreadable === undefined ? mapKey(change.key, change.value) : { problem: change.unreadable };
}

/** Drops duplicates and every path that lies under another one in the list. */
function outermost(ids: string[]): string[] {
  if (ids.length < 2) return ids;
  const kept = new Set<string>();
  const byDepth = ids.map((id) => ({ id, ancestors: ancestorIds(id) })).sort((a, b) => a.ancestors.length - b.ancestors.length);
  for (const { id, ancestors } of byDepth) {
    if (!kept.has(id) && !ancestors.some((ancestor) => kept.has(ancestor))) kept.add(id);
  }
  return [...kept];
}
