import type { ConfigEdit, ConfigTree } from '../interfaces/config-source.interface';
import { deepEqual, getAt, isPlainObject, setAt } from './tree-ops';

/** Later wins; two plain objects merge key by key. The result shares unchanged subtrees. */
export function mergeValues(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(override)) merged[key] = mergeValues(base[key], override[key]);
  return Object.freeze(merged);
}

/** The merged value at `path` across `slices` (in precedence order), without merging the rest. */
export function mergedAt(slices: readonly ConfigTree[], path: readonly string[]): unknown {
  let result: unknown = undefined;
  for (const slice of slices) {
    const contribution = contributionAt(slice, path);
    if (contribution === SHADOWS) result = undefined;
    else result = mergeValues(result, contribution);
  }
  return result;
}

const SHADOWS = Symbol('shadows');

/** What one slice puts at `path`; `SHADOWS` when it holds a non-object at a prefix of the path. */
function contributionAt(slice: ConfigTree, path: readonly string[]): unknown {
  let node: unknown = slice;
  for (const key of path) {
    if (!isPlainObject(node)) return SHADOWS;
    if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Merges whole slices in precedence order. */
export function mergeSlices(slices: readonly ConfigTree[]): ConfigTree {
  return slices.reduce<ConfigTree>((merged, slice) => mergeValues(merged, slice) as ConfigTree, Object.freeze({}));
}

/** Applies edits to a tree, copying only the objects along each edited path. */
export function applyEdits(tree: ConfigTree, edits: readonly ConfigEdit[]): ConfigTree {
  return edits.reduce((next, edit) => setAt(next, edit.path, edit.value), tree);
}

/** The edits that turn `from` into `to`: one per changed leaf or replaced subtree. */
export function diffTrees(from: unknown, to: unknown, path: string[] = [], edits: ConfigEdit[] = []): ConfigEdit[] {
  if (from === to) return edits;
  if (isPlainObject(from) && isPlainObject(to)) {
    for (const key of Object.keys(from)) {
      if (!Object.prototype.hasOwnProperty.call(to, key)) edits.push({ path: [...path, key], value: undefined });
    }
    for (const key of Object.keys(to)) {
      path.push(key);
      diffTrees(getAt(from, [key]), to[key], path, edits);
      path.pop();
    }
  } else if (!deepEqual(from, to)) {
    edits.push({ path: [...path], value: to });
  }
  return edits;
}
