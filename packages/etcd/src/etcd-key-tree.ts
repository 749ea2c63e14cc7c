import type { ConfigTree } from '@config-center/core';
import { KeyMapper } from '@config-center/core/source-kit';
import type { MappedKey } from './etcd-key-mapping';

/** One key as etcd reports it, relative to the prefix; no `value` means it was deleted. */
export interface KeyChange {
  readonly key: string;
  readonly value?: string;
  readonly modRevision: number;
  /** Why the key or its value cannot be read at all (bytes that are not UTF-8). */
  readonly unreadable?: string;
}

/** A recorded key: where it maps (`id` is its path joined on `/`) and its value, or why it cannot be used. */
export interface Entry {
  readonly key: string;
  readonly id: string | undefined;
  readonly path: readonly string[] | undefined;
  readonly value: unknown;
  /** The value's text as etcd holds it, to compare reads by content. */
  readonly text: string | undefined;
  readonly problem: string | undefined;
  readonly modRevision: number;
  /**
   * The key's current value has a `problem`, and `value` is its last good one: served, and kept
   * through any rebuild of the subtree around it, until the key is fixed or deleted.
   */
  readonly heldBack?: true;
}

/** Whether an entry's `value` goes into the tree: it is readable, or holds its last good value. */
export function isUsable(entry: Entry): boolean {
  return entry.problem === undefined || entry.heldBack === true;
}

/**
 * The entry of a key whose new value cannot be used: it keeps the value of the entry before it
 * when that one had one (the last good value), else it has none.
 */
export function heldBackEntry(entry: Entry, before: Entry | undefined): Entry {
  if (!before || !isUsable(before)) return entry;
  // The same key maps to the same path; a value that is not UTF-8 was mapped to none.
  return { ...entry, id: before.id, path: before.path, value: before.value, heldBack: true };
}

/** An entry whose key maps to a path. */
export type Located = Entry & { readonly id: string; readonly path: readonly string[] };

/** The entry of a change mapped to config; `undefined` for a deletion. */
export function entryOf({ key, value: text, modRevision }: KeyChange, mapped: MappedKey | undefined): Entry | undefined {
  if (mapped === undefined) return undefined;
  const { path, value, problem } = mapped;
  return { key, id: path && pathIdOf(key, path), path, value, text, problem, modRevision };
}

/** The entries among `candidates` whose value goes into the tree: located, and usable. */
export function usableLocated(candidates: Iterable<Entry>): Located[] {
  const located: Located[] = [];
  for (const entry of candidates) if (entry.id !== undefined && isUsable(entry)) located.push(entry as Located);
  return located;
}

/**
 * The tree of entries, by the core's one rule (`KeyMapper.treeOf`): shortest path first, then key
 * order, so of keys mapped to one path the last in key order wins.
 */
export function treeOf(candidates: Iterable<Entry>): ConfigTree {
  return KeyMapper.treeOf(usableLocated(candidates));
}

/** The id of a key's path: the key itself, unless a document extension was dropped from it. */
function pathIdOf(key: string, path: readonly string[]): string {
  return key.length - key.lastIndexOf('/') - 1 === path[path.length - 1].length ? key : path.join('/');
}
