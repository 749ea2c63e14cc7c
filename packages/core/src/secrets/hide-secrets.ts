import { inspect } from 'node:util';

/** What a secret value is shown as. */
export const SECRET_MARK = '[secret]';

/**
 * A section instance, before it is frozen, with its own `toJSON` and `util.inspect.custom` (not
 * enumerable, so the instance's keys, equality and the read path are as before) that show
 * `[secret]` at each of `paths` (dotted, relative to the section). Reading a field still gives
 * the plaintext: the app needs it. `instance` itself when `paths` is empty; a shallow copy when it
 * is frozen already (a schema whose output is its input: a node of the frozen merged tree).
 */
export function hideSecrets(instance: object, paths: readonly string[]): object {
  if (!paths.length) return instance;
  const target = Object.isFrozen(instance) ? copyOf(instance) : instance;
  const split = [...new Set(paths)].map((path) => path.split('.'));
  const hidden = () => masked(target, split);
  Object.defineProperty(target, 'toJSON', { value: hidden, enumerable: false });
  Object.defineProperty(target, inspect.custom, { value: hidden, enumerable: false });
  return target;
}

/** A copy of `instance` (same prototype, own enumerable keys) with `[secret]` at each path that holds a value. */
function masked(instance: object, paths: readonly (readonly string[])[]): object {
  let copy = copyOf(instance);
  for (const path of paths) copy = maskAt(copy, path) as object;
  return copy;
}

function maskAt(node: unknown, path: readonly string[]): unknown {
  if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, path[0])) return node;
  const [key, ...rest] = path;
  const child = (node as Record<string, unknown>)[key];
  if (child === undefined) return node;
  const copy = copyOf(node) as Record<string, unknown>;
  copy[key] = rest.length ? maskAt(child, rest) : SECRET_MARK;
  return copy;
}

function copyOf(node: object): object {
  if (Array.isArray(node)) return [...(node as unknown[])];
  return Object.assign(Object.create(Object.getPrototypeOf(node) as object | null) as object, node);
}
