import type { ConfigValidationIssue } from '../errors';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { formatPath, pathsOverlap } from '../tree/config-path';
import { mergedAt } from '../tree/merge-trees';
import { deepEqual, getAt, setAt } from '../tree/tree-ops';
import type { ConfigSnapshot, RequiredPath } from './config-snapshot';
import { bindSection, type SectionBinding } from './section-binder';

/** A candidate slice for one source, and the paths in it that may differ from the applied one. */
export interface SliceUpdate {
  readonly sourceIndex: number;
  readonly slice: ConfigTree;
  readonly paths: readonly (readonly string[])[];
}

export type NextSnapshot =
  | { readonly kind: 'unchanged'; readonly snapshot: ConfigSnapshot }
  | { readonly kind: 'applied'; readonly snapshot: ConfigSnapshot; readonly changedPaths: string[] }
  | { readonly kind: 'rejected'; readonly issues: ConfigValidationIssue[] };

/**
 * Builds the snapshot that follows `previous` when one source's slice changes, doing work in
 * proportion to the change: only the given paths are re-merged, only the sections they touch are
 * re-bound, and every untouched subtree and section instance is shared with `previous`.
 */
export function nextSnapshot(
  previous: ConfigSnapshot,
  update: SliceUpdate,
  bindings: readonly SectionBinding[],
  required: readonly RequiredPath[],
): NextSnapshot {
  const slices = previous.slices.map((slice, i) => (i === update.sourceIndex ? update.slice : slice));
  let tree = previous.tree;
  const changed: (readonly string[])[] = [];
  for (const path of update.paths) {
    const value = mergedAt(slices, path);
    if (deepEqual(getAt(previous.tree, path), value)) continue;
    tree = setAt(tree, path, value);
    changed.push(path);
  }
  if (!changed.length) {
    const same = slices.every((slice, i) => slice === previous.slices[i]);
    return { kind: 'unchanged', snapshot: same ? previous : { ...previous, slices } };
  }

  const touches = (path: readonly string[]) => changed.some((c) => pathsOverlap(c, path));
  const sections = [...previous.sections];
  const issues: ConfigValidationIssue[] = [];
  for (const binding of bindings) {
    if (!touches(binding.path)) continue;
    const result = bindSection(binding, getAt(tree, binding.path));
    if (result.ok) sections[binding.index] = result.instance;
    else issues.push(...result.issues);
  }
  const snapshot = { version: previous.version + 1, appliedAt: new Date(), tree, slices, sections };
  issues.push(
    ...missingRequired(
      snapshot,
      required.filter((r) => touches(r.path)),
    ),
  );
  if (issues.length) return { kind: 'rejected', issues };
  return { kind: 'applied', snapshot, changedPaths: changed.map(formatPath) };
}

/** The required paths that hold no value in `snapshot`. */
export function missingRequired(snapshot: ConfigSnapshot, required: readonly RequiredPath[]): ConfigValidationIssue[] {
  return required
    .filter((r) => r.read(snapshot) === undefined)
    .map((r) => {
      const path = formatPath(r.path);
      return { path, constraints: { isDefined: `${path} is required by ${r.owner} and has no default` } };
    });
}
