import { ConfigParseError } from '@config-center/core';
import { findInputProblem, findPathProblem, formatOf, parseDocument, valueOfText } from '@config-center/core/source-kit';
import type { DocumentFormat } from '@config-center/core/source-kit';

/** Where a key (relative to the prefix) sits in the config tree, or why it cannot. */
export type KeyPath =
  | { readonly path: readonly string[]; readonly format?: DocumentFormat; readonly problem?: undefined }
  | { readonly path?: undefined; readonly problem: string };

/** A key and its value as config: the path and parsed value, or the reason they cannot be used. */
export type MappedKey =
  | { readonly path: readonly string[]; readonly value: unknown; readonly problem?: undefined }
  | { readonly path?: readonly string[]; readonly value?: undefined; readonly problem: string };

/**
 * Strings up to this length are within the value length limit the core defaults to (1 MiB), so
 * they need no further check; longer ones, objects and arrays go through `findInputProblem`.
 */
const ALWAYS_SHORT_ENOUGH = 4096;
const DOCUMENT_EXTENSION = /\.(json|ya?ml)$/i;

/**
 * The config path of a key relative to the prefix: its `/`-separated segments
 * (`rateLimit/limit` → `rateLimit.limit`). A key ending in `.json`, `.yaml` or `.yml` holds a
 * document mounted at its path without the extension (`db.yaml` → `db`).
 */
export function keyPath(key: string): KeyPath {
  if (key === '') return { problem: 'the key is the prefix itself; keys need a name under the prefix' };
  // Not a loop of `push`es: that leaves every path the index keeps with room for 17 segments.
  const segments = key.split('/');
  const last = segments[segments.length - 1];
  // Every document extension holds a dot: a segment without one needs no pattern matching.
  const format = last.includes('.') ? formatOf(last) : undefined;
  if (format) segments[segments.length - 1] = last.replace(DOCUMENT_EXTENSION, '');
  const problem = findPathProblem(segments);
  return problem ? { problem } : { path: segments, format };
}

/**
 * Maps one key and its value to config: a document key is parsed as JSON or YAML; any other
 * value keeps its text (`valueOfText`: a JSON object or array is that structure). The value is checked as config
 * input (forbidden keys, depth, size). Never throws; problems name the path, never the value.
 */
export function mapKey(key: string, text: string): MappedKey {
  const located = keyPath(key);
  if (located.problem !== undefined) return { problem: located.problem };
  const { path, format } = located;
  if (format) {
    try {
      return { path, value: parseDocument(text, format, { source: 'etcd', location: key }) };
    } catch (error) {
      const reason = error instanceof ConfigParseError ? error.reason : 'unreadable document';
      return { path, problem: reason };
    }
  }
  const value = valueOfText(text);
  const problem = needsNoCheck(value) ? undefined : findInputProblem(value, undefined, path);
  return problem ? { path, problem } : { path, value };
}

/** Whether a value is plainly within the input limits: null, a boolean, a finite number or a short string. */
function needsNoCheck(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'string':
      return value.length <= ALWAYS_SHORT_ENOUGH;
    default:
      return value === null;
  }
}
