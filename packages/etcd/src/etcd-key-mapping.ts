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

/** The characters a JSON text may start with: whitespace, `{`, `[`, `"`, `-`, a digit, or `true` / `false` / `null`. */
const JSON_FIRST_CHARACTERS = new Set(' \t\n\r{["-0123456789tfn');
/**
 * Strings up to this length are within the value length limit the core defaults to (1 MiB), so
 * they need no further check; longer ones, objects and arrays go through `findInputProblem`.
 */
const ALWAYS_SHORT_ENOUGH = 4096;
const DOCUMENT_EXTENSION = /\.(json|ya?ml)$/i;
/** An integer as JSON writes it: no sign but `-`, no leading zero, no exponent. */
const JSON_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

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
  const value = readScalar(text);
  const problem = needsNoCheck(value) ? undefined : findInputProblem(value, undefined, path);
  return problem ? { path, problem } : { path, value };
}

/**
 * `parseScalar`, without the cost of a failed `JSON.parse` for text that cannot be JSON: a plain
 * string such as `hello` or `https://…` is returned as it is. A JSON integer, the commonest value,
 * is read by `Number`, which gives what `JSON.parse` gives for it.
 */
function readScalar(text: string): unknown {
  if (JSON_INTEGER.test(text)) return Number(text);
  return JSON_FIRST_CHARACTERS.has(text.charAt(0)) ? parseScalar(text) : text;
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
