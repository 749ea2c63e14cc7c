import { inspect } from 'node:util';

/** What a secret value is shown as. */
export const SECRET_MARK = '[secret]';

/**
 * Gives a section instance, before it is frozen, its own `toJSON` and `util.inspect.custom` (not
 * enumerable, so the instance's keys, equality and the read path are as before) that show
 * `[secret]` at each of `paths` (dotted, relative to the section). Reading a field still gives
 * the plaintext: the app needs it. Nothing is defined when `paths` is empty.
 */
export function hideSecrets(instance: object, paths: readonly string[]): void {
  if (!paths.length) return;
  const split = [...new Set(paths)].map((path) => path.split('.'));
  const hidden = () => masked(instance, split);
  Object.defineProperty(instance, 'toJSON', { value: hidden, enumerable: false });
  Object.defineProperty(instance, inspect.custom, { value: hidden, enumerable: false });
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
