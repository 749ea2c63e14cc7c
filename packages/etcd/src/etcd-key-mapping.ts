import { ConfigParseError, findInputProblem, findPathProblem, formatOf, parseDocument, parseScalar } from '@config-center/core';
import type { DocumentFormat } from '@config-center/core';

/** Where a key (relative to the prefix) sits in the config tree, or why it cannot. */
export type KeyPath =
  | { readonly path: readonly string[]; readonly format?: DocumentFormat; readonly problem?: undefined }
  | { readonly path?: undefined; readonly problem: string };

/** A key and its value as config: the path and parsed value, or the reason they cannot be used. */
export type MappedKey =
  | { readonly path: readonly string[]; readonly value: unknown; readonly problem?: undefined }
  | { readonly path?: readonly string[]; readonly value?: undefined; readonly problem: string };

/**
 * The config path of a key relative to the prefix: its `/`-separated segments
 * (`rateLimit/limit` → `rateLimit.limit`). A key ending in `.json`, `.yaml` or `.yml` holds a
 * document mounted at its path without the extension (`db.yaml` → `db`).
 */
export function keyPath(key: string): KeyPath {
  if (key === '') return { problem: 'the key is the prefix itself; keys need a name under the prefix' };
  const segments = key.split('/');
  const last = segments[segments.length - 1];
  const format = formatOf(last);
  if (format) segments[segments.length - 1] = last.replace(/\.(json|ya?ml)$/i, '');
  const problem = findPathProblem(segments);
  return problem ? { problem } : { path: segments, format };
}

/**
 * Maps one key and its value to config: a document key is parsed as JSON or YAML; any other
 * value is JSON when it parses as JSON, else the string itself. The value is checked as config
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
  const value = parseScalar(text);
  const problem = findInputProblem(value, undefined, path);
  return problem ? { path, problem } : { path, value };
}
