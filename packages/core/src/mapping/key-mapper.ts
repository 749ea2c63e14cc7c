import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigTree, LeftOutKey } from '../interfaces/config-source.interface';
import { findInputProblem, findPathProblem } from '../parsing/check-tree';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { formatOf, parseDocument, type DocumentFormat } from '../parsing/parse-document';
import { valueOfText } from '../parsing/value-text';
import { isPlainObject } from '../tree/tree-ops';

/** How a key-value source's keys become paths of the config tree. */
export interface KeyMapperOptions {
  /** Splits a key (relative to the prefix) into segments; default `/`. */
  readonly separator?: string;
  /** Renames each segment (env: `RATE_LIMIT` → `rateLimit`); `undefined` marks a malformed one. */
  readonly segment?: (raw: string) => string | undefined;
  readonly limits?: InputLimits;
}

/** Where a key sits in the tree (a document key: with its format), or why it cannot be used. */
export type KeyPath =
  | { readonly path: readonly string[]; readonly format?: DocumentFormat; readonly problem?: undefined }
  | { readonly path?: undefined; readonly format?: undefined; readonly problem: string };

/** A key's value as config, or why it cannot be used; never the value in the reason. */
export type KeyValue = { readonly value: unknown; readonly problem?: undefined } | { readonly problem: string };

/** The tree of a set of keys, and the keys left out of it. */
export interface MappedKeys {
  readonly tree: ConfigTree;
  readonly problems: readonly LeftOutKey[];
}

/** A key that maps, at its path in the tree, with its value as config. */
export interface LocatedValue {
  readonly key: string;
  readonly path: readonly string[];
  readonly value: unknown;
}

/** A key or value as a source holds it: text, or bytes that must be UTF-8. */
export type KeyText = string | Uint8Array;

const DOCUMENT_EXTENSION = /\.(json|ya?ml)$/i;
// A byte order mark is kept as the character it is, as `Buffer#toString` keeps it: a key that
// starts with one is another key than the one without, and text and bytes of a key map alike.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The one key→tree mapper of every key-value source (etcd, Consul, env, directory mounts): keys
 * split into path segments; a key ending in `.json`, `.yaml` or `.yml` holds a document mounted
 * at its path without the extension, and keys below it overlay it; a value is text (JSON objects
 * and arrays are structures), for the declared type of a field to convert. A key with an empty or
 * forbidden segment, deeper or longer than the limits, or not valid UTF-8 is left out and reported
 * (named in hex where it is not text); it never stops the other keys.
 */
export class KeyMapper {
  private readonly separator: string;
  private readonly rename: ((raw: string) => string | undefined) | undefined;
  readonly limits: Required<InputLimits>;

  constructor(options: KeyMapperOptions = {}) {
    this.separator = options.separator ?? '/';
    this.rename = options.segment;
    this.limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  }

  /** How a key is named in a message: its text, or its bytes in hex when they are not UTF-8. */
  static describe(key: KeyText): string {
    const text = decode(key);
    return text ?? `0x${Buffer.from(key as Uint8Array).toString('hex')}`;
  }

  /** The path of a key, checked against the limits before it is split. */
  pathOf(key: KeyText): KeyPath {
    const text = decode(key);
    if (text === undefined) return { problem: 'the key is not valid UTF-8' };
    if (text === '') return { problem: 'the key is the prefix itself; keys need a name under the prefix' };
    if (text.length > this.limits.maxKeyLength) {
      return { problem: `the key is ${text.length} characters long; the limit is ${this.limits.maxKeyLength}` };
    }
    const segments = text.split(this.separator, this.limits.maxDepth + 1);
    if (segments.length > this.limits.maxDepth)
      return { problem: `the key has more than ${this.limits.maxDepth} segments, the depth limit` };
    const format = formatOf(segments[segments.length - 1]);
    if (format) segments[segments.length - 1] = segments[segments.length - 1].replace(DOCUMENT_EXTENSION, '');
    const path: string[] = [];
    for (const raw of segments) {
      const segment = raw === '' ? raw : this.rename ? this.rename(raw) : raw;
      if (segment === undefined) return { problem: `segment '${raw}' is malformed` };
      path.push(segment);
    }
    const problem = findPathProblem(path);
    return problem ? { problem } : { path, format };
  }

  /** The value of a key at `located`: a parsed document, or text (JSON objects and arrays as structures). */
  valueOf(key: KeyText, located: KeyPath, raw: KeyText): KeyValue {
    if (located.problem !== undefined) return { problem: located.problem };
    const text = decode(raw);
    if (text === undefined) return { problem: 'the value is not valid UTF-8' };
    if (located.format) {
      try {
        return { value: parseDocument(text, located.format, { source: 'key', location: KeyMapper.describe(key) }, this.limits) };
      } catch (error) {
        return { problem: error instanceof ConfigParseError ? error.reason : 'unreadable document' };
      }
    }
    const value = valueOfText(text);
    const problem = findInputProblem(value, this.limits, located.path);
    return problem ? { problem } : { value };
  }

  /** A key and its value located in the tree, or why they cannot be used (`pathOf`, then `valueOf`). */
  locate(key: KeyText, raw: KeyText): LocatedValue | { readonly problem: string } {
    const where = this.pathOf(key);
    const mapped = this.valueOf(key, where, raw);
    if (mapped.problem !== undefined) return { problem: mapped.problem };
    return { key: KeyMapper.describe(key), path: where.path!, value: mapped.value };
  }

  /**
   * The tree of located values: the one rule every source builds its tree by, so that the tree is a
   * function of the key set, whatever order the writes came in. Keys apply in `applyOrder`: shortest
   * path first, so `a/b` lands inside the document of `a.json` and a value at `a` gives way to keys
   * below it; then in key order, so of keys mapped to one path (`a` and `a.json`, `a.json` and
   * `a.yaml`) the last in key order wins.
   */
  static treeOf(located: Iterable<LocatedValue>): ConfigTree {
    return buildTree(KeyMapper.applyOrder(located));
  }

  /** Located values in the order `treeOf` applies them: by path length, then by key. */
  static applyOrder<T extends LocatedValue>(located: Iterable<T>): T[] {
    return [...located].sort((a, b) => a.path.length - b.path.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The tree of a whole set of keys (see `treeOf` for the order they apply in), and the keys left out. */
  map(entries: Iterable<readonly [KeyText, KeyText]>): MappedKeys {
    const problems: LeftOutKey[] = [];
    const located: LocatedValue[] = [];
    for (const [key, raw] of entries) {
      const mapped = this.locate(key, raw);
      if ('problem' in mapped) problems.push({ key: KeyMapper.describe(key), problem: mapped.problem });
      else located.push(mapped);
    }
    return { tree: KeyMapper.treeOf(located), problems };
  }
}

/** The tree of located values set in order; objects along a path are copied before they are written. */
function buildTree(located: readonly LocatedValue[]): ConfigTree {
  const root: Record<string, unknown> = {};
  const owned = new Set<object>([root]);
  for (const { path, value } of located) {
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      let child = node[path[i]];
      if (!isPlainObject(child) || !owned.has(child)) {
        child = isPlainObject(child) ? { ...child } : {};
        owned.add(child as object);
        node[path[i]] = child;
      }
      node = child as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}

function decode(text: KeyText): string | undefined {
  if (typeof text === 'string') return text;
  try {
    return utf8.decode(text);
  } catch {
    return undefined;
  }
}
