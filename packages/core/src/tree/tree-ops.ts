import type { ConfigTree } from '../interfaces/config-source.interface';

/** A plain object (not an array, class instance or null), from any realm. */
export function isPlainObject(value: unknown): value is ConfigTree {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** An instance of a class (a section, a nested config class): not a plain object, array or null. */
export function isClassInstance(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && Object.getPrototypeOf(proto) !== null;
}

/** The value at `path`, or `undefined` when any segment is missing. */
export function getAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const key of path) {
    if (!isPlainObject(node) || !hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Like `getAt`, but through any objects, such as validated section instances. */
export function readProperty(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const EMPTY: ConfigTree = Object.freeze({});

/**
 * A copy of `tree` with `value` at `path`, or without it when `value` is `undefined` (objects left
 * empty by that delete go too). Only the objects along the path are copied, and each copy is
 * frozen; every other subtree is shared with the original.
 */
export function setAt(tree: ConfigTree, path: readonly string[], value: unknown): ConfigTree {
  if (path.length === 0) return isPlainObject(value) ? value : EMPTY;
  // The objects along the path, outermost first: copied innermost first, without recursion.
  const along: ConfigTree[] = [tree];
  for (let depth = 0; depth < path.length - 1; depth++) {
    const child = hasOwn(along[depth], path[depth]) ? along[depth][path[depth]] : undefined;
    along.push(isPlainObject(child) ? child : EMPTY);
  }
  let next = value;
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const node = along[depth];
    const key = path[depth];
    const child = hasOwn(node, key) ? node[key] : undefined;
    if (value === undefined && depth < path.length - 1 && next !== child && isEmptyObject(next)) next = undefined;
    if (next === child && hasOwn(node, key) === (next !== undefined)) {
      next = node;
      continue;
    }
    const copy: Record<string, unknown> = { ...node };
    if (next === undefined) delete copy[key];
    // Assigning `__proto__` would set the prototype: that key alone is defined (it is slower).
    else if (key === '__proto__') Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
    else copy[key] = next;
    next = Object.freeze(copy);
  }
  return next as ConfigTree;
}

function hasOwn(tree: ConfigTree, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(tree, key);
}

function isEmptyObject(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/**
 * Freezes what a source handed over and everything reachable from it, frozen or not: a source may
 * have frozen only the top. Called once the input passed the depth limit, which bounds the walk.
 */
export function freezeInput<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  Object.freeze(value);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) freezeInput((value as Record<string, unknown>)[keys[i]]);
  return value;
}

/** Freezes a value and everything reachable from it; already frozen subtrees are skipped. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) deepFreeze((value as Record<string, unknown>)[keys[i]]);
  return value;
}

/** Structural equality of two JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * `deepEqual` of two trees, but for the keys at the dotted paths in `except` (paths from `at`, the
 * trees' own path: `rateLimit.limt`, `pool.replicas.1.hostname`): whether two inputs of a section
 * differ in more than the keys no field of it declares.
 */
export function deepEqualExcept(a: unknown, b: unknown, except: ReadonlySet<string>, at: string): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const kept = (tree: object) => Object.keys(tree).filter((key) => !except.has(`${at}.${key}`));
  const aKeys = kept(a);
  if (aKeys.length !== kept(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      deepEqualExcept((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], except, `${at}.${key}`),
  );
}
