import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigBatch, ConfigEdit, ConfigTree } from '../interfaces/config-source.interface';
import { findInputProblem, findPathProblem } from '../parsing/check-tree';
import { coveringPaths, formatPath } from '../tree/config-path';
import { applyEdits, diffTrees } from '../tree/merge-trees';
import { deepFreeze } from '../tree/tree-ops';

/** The part of a source connection a batch is prepared against. */
export interface RawSliceState {
  readonly name: string;
  readonly raw: ConfigTree;
  readonly pendingPaths: readonly (readonly string[])[];
}

/** The source's next raw slice and the paths to re-merge (this batch's and any left pending). */
export interface PreparedBatch {
  readonly raw: ConfigTree;
  readonly paths: (readonly string[])[];
}

/**
 * Checks a batch as input (forbidden keys, depth, size) and turns it into edits of the source's raw
 * slice. A `replace` is diffed against the raw slice, so unchanged subtrees keep their identity.
 * Returns a `ConfigParseError` naming the bad path when any part is unsafe: the batch is dropped.
 */
export function prepareBatch(state: RawSliceState, batch: ConfigBatch, limits: Required<InputLimits>): PreparedBatch | ConfigParseError {
  let edits: readonly ConfigEdit[];
  if (batch.kind === 'replace') {
    const problem = findInputProblem(batch.tree, limits);
    if (problem) return new ConfigParseError(state.name, 'update', problem);
    edits = diffTrees(state.raw, deepFreeze(batch.tree));
  } else {
    let size = 0;
    for (const edit of batch.edits) {
      const problem = findPathProblem(edit.path) ?? findInputProblem(edit.value, limits, edit.path);
      if (problem) return new ConfigParseError(state.name, formatPath(edit.path), problem);
      size += typeof edit.value === 'string' ? edit.value.length : 0;
    }
    if (size > limits.maxDocumentLength) {
      return new ConfigParseError(state.name, 'update', `batch holds ${size} characters; the limit is ${limits.maxDocumentLength}`);
    }
    edits = batch.edits.map((edit) => ({ path: edit.path, value: deepFreeze(edit.value) }));
  }
  const raw = applyEdits(state.raw, edits);
  return { raw, paths: coveringPaths([...edits.map((e) => e.path), ...state.pendingPaths]) };
}
