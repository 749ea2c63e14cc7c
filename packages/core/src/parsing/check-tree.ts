import type { InputLimits } from '../interfaces/config-center-options.interface';
import { isPlainObject } from '../tree/tree-ops';
import { DEFAULT_INPUT_LIMITS, FORBIDDEN_KEYS } from './input-limits';

/**
 * Checks that a parsed value is a safe config value: plain objects, arrays and scalars only, no
 * forbidden keys, within the depth and size limits. A value at `path` counts its depth from there,
 * so a key's path and its value together stay within `maxDepth`, as the tree they make does.
 * Returns the reason it is not, or `undefined`. The reason names the offending path, never the value.
 */
export function findInputProblem(
  value: unknown,
  limits: Required<InputLimits> = DEFAULT_INPUT_LIMITS,
  path: readonly string[] = [],
): string | undefined {
  return check(value, limits, [...path], path.length);
}

/** One unsafe part of a tree: the key to leave out (whose name or value breaks a rule) and why, naming the path. */
export interface InputProblem {
  readonly path: readonly string[];
  readonly problem: string;
}

/**
 * Every key of a plain-object tree whose name or value breaks the rules `findInputProblem` checks,
 * outermost first: leaving each out leaves a safe tree, so one bad key need not refuse the rest.
 * The walk descends only through plain objects within the depth limit, which bounds it.
 */
export function findInputProblems(tree: object, limits: Required<InputLimits> = DEFAULT_INPUT_LIMITS): InputProblem[] {
  const problems: InputProblem[] = [];
  collect(tree as Record<string, unknown>, limits, [], problems);
  return problems;
}

function collect(node: Record<string, unknown>, limits: Required<InputLimits>, path: string[], out: InputProblem[]): void {
  for (const key of Object.keys(node)) {
    const at = [...path, key];
    const child = node[key];
    if (FORBIDDEN_KEYS.has(key)) out.push({ path: at, problem: `forbidden key '${key}' at ${where(path)}` });
    else if (isPlainObject(child) && at.length < limits.maxDepth) collect(child, limits, at, out);
    else {
      const problem = check(child, limits, at, at.length);
      if (problem) out.push({ path: at, problem });
    }
  }
}

/** Checks the segments of a path (an etcd key, a file name) on their own, and its depth. */
export function findPathProblem(path: readonly string[], limits: Required<InputLimits> = DEFAULT_INPUT_LIMITS): string | undefined {
  if (path.length > limits.maxDepth) return `path has ${path.length} segments; the depth limit is ${limits.maxDepth}`;
  const bad = path.find((segment) => FORBIDDEN_KEYS.has(segment) || segment === '');
  if (bad === undefined) return undefined;
  return bad === '' ? `empty segment in path '${path.join('.')}'` : `forbidden key '${bad}' in path '${path.join('.')}'`;
}

function check(value: unknown, limits: Required<InputLimits>, path: string[], depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > limits.maxValueLength
        ? `value at ${where(path)} is ${value.length} characters long; the limit is ${limits.maxValueLength}`
        : undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `value at ${where(path)} is not a finite number`;
    case 'boolean':
      return undefined;
    case 'object':
      break;
    default:
      return value === undefined ? undefined : `value at ${where(path)} is a ${typeof value}, not config data`;
  }
  if (value === null) return undefined;
  if (depth >= limits.maxDepth) return `nesting at ${where(path)} is deeper than the limit of ${limits.maxDepth}`;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return `value at ${where(path)} is not plain data`;
  for (const key of Object.keys(value)) {
    if (!isArray && FORBIDDEN_KEYS.has(key)) return `forbidden key '${key}' at ${where(path)}`;
    path.push(key);
    const problem = check((value as Record<string, unknown>)[key], limits, path, depth + 1);
    path.pop();
    if (problem) return problem;
  }
  return undefined;
}

/** The path as an error names it; built only once there is a problem to name. */
function where(path: readonly string[]): string {
  return path.length ? `'${path.join('.')}'` : 'the root';
}
