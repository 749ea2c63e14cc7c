import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigBatch, ConfigEdit, ConfigTree } from '../interfaces/config-source.interface';
import { findInputProblem, findPathProblem } from '../parsing/check-tree';
import { coveringPaths, formatPath } from '../tree/config-path';
import { applyEdits, diffTrees } from '../tree/merge-trees';
import { freezeInput } from '../tree/tree-ops';

/** The part of a source connection a batch is prepared against. */
export interface RawSliceState {
  readonly name: string;
  readonly raw: ConfigTree;
}

/** The source's next raw slice, the paths the batch changes, and the edits left out. */
export interface PreparedBatch {
  readonly raw: ConfigTree;
  readonly paths: (readonly string[])[];
  /** Edits whose path or value is unsafe: left out of the batch, each a `ConfigParseError` naming its path. */
  readonly leftOut: readonly ConfigParseError[];
}

/**
 * Checks a batch as input (forbidden keys, depth, size) and turns it into edits of the source's raw
 * slice. A `replace` is diffed against the raw slice, so unchanged subtrees keep their identity;
 * an unsafe one is dropped whole (a `ConfigParseError`). An edit with an unsafe path or value is
 * left out and named in `leftOut`; the other edits go on.
 */
export function prepareBatch(state: RawSliceState, batch: ConfigBatch, limits: Required<InputLimits>): PreparedBatch | ConfigParseError {
  let edits: readonly ConfigEdit[];
  const leftOut: ConfigParseError[] = [];
  if (batch.kind === 'replace') {
    const problem = findInputProblem(batch.tree, limits);
    if (problem) return new ConfigParseError(state.name, 'update', problem);
    edits = diffTrees(state.raw, freezeInput(batch.tree));
  } else {
    let size = 0;
    const safe: ConfigEdit[] = [];
    for (const edit of batch.edits) {
      const problem = findPathProblem(edit.path, limits) ?? findInputProblem(edit.value, limits, edit.path);
      if (problem) leftOut.push(new ConfigParseError(state.name, pathName(edit.path, limits), problem));
      else safe.push({ path: edit.path, value: freezeInput(edit.value) });
      size += typeof edit.value === 'string' ? edit.value.length : 0;
    }
    if (size > limits.maxDocumentLength) {
      return new ConfigParseError(state.name, 'update', `batch holds ${size} characters; the limit is ${limits.maxDocumentLength}`);
    }
    edits = safe;
  }
  const raw = applyEdits(state.raw, edits);
  return { raw, paths: coveringPaths(edits.map((e) => e.path)), leftOut };
}

/** A path as a message names it: cut short when it is absurdly deep. */
function pathName(path: readonly string[], limits: Required<InputLimits>): string {
  return path.length > limits.maxDepth ? `${formatPath(path.slice(0, limits.maxDepth))}… (${path.length} segments)` : formatPath(path);
}
