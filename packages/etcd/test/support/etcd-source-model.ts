/**
 * The oracle's model of what an etcd source delivers, written from the mapping rules (DESIGN §4,
 * docs/key-mapping.md, "On etcd") and not from the source's code: no import of its
 * mapper, key index or tree code.
 */

/** One key written by a step: its bytes, or `undefined` for a delete. Keys are relative to the prefix. */
export interface KeyWrite {
  readonly key: string;
  readonly value: string | Buffer | undefined;
}

/** The keys a delivered batch carries, each with its value as config (`undefined`: deleted). */
export type DeliveredKeys = ReadonlyMap<string, unknown>;

/** What the source does with one etcd revision. */
export type SourceOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'held-back'; readonly unreadable: readonly string[] }
  | { readonly kind: 'batch'; readonly keys: DeliveredKeys };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A key's value as config, or `undefined` when it cannot be read (not UTF-8, a malformed document). */
export function readValue(key: string, bytes: string | Buffer): { value: unknown } | undefined {
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    return undefined;
  }
  const structured = /^\s*[[{]/.test(text);
  if (!key.endsWith('.json') && !structured) return { value: text };
  try {
    const value: unknown = JSON.parse(text);
    if (key.endsWith('.json') || (typeof value === 'object' && value !== null)) return { value };
  } catch {
    if (key.endsWith('.json')) return undefined;
  }
  return { value: text };
}

/** A key's path in the tree: split on `/`, a `.json` document mounted without its extension. */
export function pathOfKey(key: string): string[] {
  return key.replace(/\.json$/, '').split('/');
}

/**
 * The tree of a set of keys: shortest path first, then key order, so keys below a document
 * overlay it and a value at `a` gives way to keys below it.
 */
export function treeOfKeys(values: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const entries = [...values].map(([key, value]) => ({ key, path: pathOfKey(key), value }));
  entries.sort((a, b) => a.path.length - b.path.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const root: Record<string, unknown> = {};
  for (const { path, value } of entries) {
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const child = node[segment];
      node[segment] = isObject(child) ? { ...child } : {};
      node = node[segment] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = structuredClone(value);
  }
  return root;
}

/** Whether `value` is a plain object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * etcd's keys and what the source makes of each revision. A revision with a key that cannot be
 * read is held back whole; its readable keys go out with the next batch. An unreadable key keeps
 * its last readable value until it is fixed or deleted.
 */
export class EtcdSourceModel {
  private readonly etcd = new Map<string, string | Buffer>();
  private readonly good = new Map<string, unknown>();
  private readonly carried = new Set<string>();

  /** Starts from a fresh load of the keys in etcd: a key that cannot be read is left out. */
  constructor(initial: readonly KeyWrite[]) {
    for (const { key, value } of initial) {
      if (value === undefined) continue;
      this.etcd.set(key, value);
      const read = readValue(key, value);
      if (read) this.good.set(key, read.value);
    }
  }

  /** The model of a source that loads etcd's keys afresh (an app restarted): no last good value then. */
  reloaded(): EtcdSourceModel {
    return new EtcdSourceModel([...this.etcd].map(([key, value]) => ({ key, value })));
  }

  /** The key values the source serves now (the last readable one of each key). */
  get serving(): ReadonlyMap<string, unknown> {
    return this.good;
  }

  /** The writes of a step that make an event: a delete of a missing key is none. */
  effective(writes: readonly KeyWrite[]): KeyWrite[] {
    return writes.filter((write) => write.value !== undefined || this.etcd.has(write.key));
  }

  /** Applies one revision's writes to etcd; says what the source delivers for it. */
  apply(writes: readonly KeyWrite[]): SourceOutcome {
    const changes = this.effective(writes);
    if (!changes.length) return { kind: 'none' };
    const unreadable: string[] = [];
    for (const { key, value } of changes) {
      if (value === undefined) {
        this.etcd.delete(key);
        this.good.delete(key);
        continue;
      }
      this.etcd.set(key, value);
      const read = readValue(key, value);
      if (read) this.good.set(key, read.value);
      else unreadable.push(key);
    }
    const readable = changes.map((c) => c.key).filter((key) => !unreadable.includes(key));
    readable.forEach((key) => this.carried.add(key));
    if (unreadable.length) return { kind: 'held-back', unreadable };
    const keys = new Map([...this.carried].map((key) => [key, this.good.get(key)]));
    this.carried.clear();
    return { kind: 'batch', keys };
  }
}
