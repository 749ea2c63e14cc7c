import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigBatch, ConfigEdit, ConfigTree } from '../interfaces/config-source.interface';
import { findInputProblem, findInputProblems, findPathProblem } from '../parsing/check-tree';
import { coveringPaths, formatPath } from '../tree/config-path';
import { applyEdits, diffTrees } from '../tree/merge-trees';
import { freezeInput, getAt, isPlainObject, setAt } from '../tree/tree-ops';

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
  /**
   * Set when the batch as a whole breaks the input limits (its size): it is then refused as a
   * rejected batch is — nothing of it applies, its paths stay pending — and this names why.
   */
  readonly refused?: ConfigParseError;
}

/** A tree with the keys that break the input limits left out, and a `ConfigParseError` naming each. */
export interface SafeTree {
  readonly tree: ConfigTree;
  readonly leftOut: ConfigParseError[];
}

/**
 * Checks a batch as input (forbidden keys, depth, size) and turns it into edits of the source's raw
 * slice. A `replace` is diffed against the raw slice, so unchanged subtrees keep their identity; a
 * key of it that is unsafe keeps what the raw slice holds there and is named in `leftOut`, as an
 * unsafe edit is. A batch whose values together exceed `maxDocumentLength` comes back `refused`,
 * with its raw slice, for the applier to keep pending as it keeps a rejected batch.
 */
export function prepareBatch(state: RawSliceState, batch: ConfigBatch, limits: Required<InputLimits>): PreparedBatch {
  if (batch.kind === 'replace') {
    const safe = leaveOutUnsafe(state.name, batch.tree, limits, state.raw);
    return changes(state.raw, diffTrees(state.raw, freezeInput(safe.tree)), safe.leftOut);
  }
  let size = 0;
  const safe: ConfigEdit[] = [];
  const leftOut: ConfigParseError[] = [];
  for (const edit of batch.edits) {
    const problem = findPathProblem(edit.path, limits) ?? findInputProblem(edit.value, limits, edit.path);
    if (problem) leftOut.push(new ConfigParseError(state.name, pathName(edit.path, limits), problem));
    else safe.push({ path: edit.path, value: freezeInput(edit.value) });
    size += typeof edit.value === 'string' ? edit.value.length : 0;
  }
  const prepared = changes(state.raw, safe, leftOut);
  if (size <= limits.maxDocumentLength) return prepared;
  const reason = `batch holds ${size} characters; the limit is ${limits.maxDocumentLength}`;
  return { ...prepared, refused: new ConfigParseError(state.name, namePaths(prepared.paths), reason) };
}

/**
 * `tree` with each key that breaks the input limits left out — it keeps what `previous` holds
 * there (nothing, for a first load) — and a `ConfigParseError` naming the source and key of each.
 */
export function leaveOutUnsafe(source: string, tree: ConfigTree, limits: Required<InputLimits>, previous: ConfigTree): SafeTree {
  if (!isPlainObject(tree)) return { tree: previous, leftOut: [new ConfigParseError(source, 'the root', 'it holds no object')] };
  const leftOut: ConfigParseError[] = [];
  let safe = tree;
  for (const { path, problem } of findInputProblems(tree, limits)) {
    leftOut.push(new ConfigParseError(source, formatPath(path), problem));
    safe = setAt(safe, path, getAt(previous, path));
  }
  return { tree: safe, leftOut };
}

function changes(raw: ConfigTree, edits: readonly ConfigEdit[], leftOut: readonly ConfigParseError[]): PreparedBatch {
  return { raw: applyEdits(raw, edits), paths: coveringPaths(edits.map((e) => e.path)), leftOut };
}

/** Paths as a message names them: the first few and how many. */
export function namePaths(paths: readonly (readonly string[])[]): string {
  const named = paths.slice(0, 3).map(formatPath).join(', ');
  return paths.length > 3 ? `${named}, … (${paths.length} paths)` : named;
}

/** A path as a message names it: cut short when it is absurdly deep. */
function pathName(path: readonly string[], limits: Required<InputLimits>): string {
  return path.length > limits.maxDepth ? `${formatPath(path.slice(0, limits.maxDepth))}… (${path.length} segments)` : formatPath(path);
}
