import { ConfigParseError } from '../errors';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { findInputProblem, findPathProblem } from '../parsing/check-tree';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { formatOf, parseDocument, type DocumentFormat } from '../parsing/parse-document';
import { valueOfText } from '../parsing/value-text';
import { isPlainObject } from '../tree/tree-ops';
import type { RawFile } from './file-tree-reader';

/**
 * The tree of a single `.json`/`.yaml`/`.yml` file. Its root must be a mapping: an empty file, a
 * list or a scalar is rejected, so that a truncated file is never taken for an empty config.
 * Throws a `ConfigParseError` naming the source and the file, never the content.
 */
export function singleFileTree(file: RawFile, format: DocumentFormat, source: string): ConfigTree {
  const value = parseDocument(decode(file.bytes), format, { source, location: file.location });
  if (!isPlainObject(value)) {
    throw new ConfigParseError(source, file.location, `the document root must be a mapping, not ${describeKind(value)}`);
  }
  return value;
}

/**
 * The tree of a mounted directory: each file is one top-level key. `app.yaml` → key `app` holding
 * the parsed document; a file without a known extension → key = its name, value = the text of
 * its contents (`valueOfText`) less one trailing newline. Throws a `ConfigParseError` naming the file for bad
 * content, a forbidden or duplicate key, or an oversized value.
 */
export function mountTree(files: readonly RawFile[], source: string): ConfigTree {
  const tree: Record<string, unknown> = {};
  const owners = new Map<string, string>();
  for (const file of files) {
    const format = formatOf(file.name);
    const key = format ? file.name.replace(/\.(json|ya?ml)$/i, '') : file.name;
    const problem = findPathProblem([key]);
    if (problem) throw new ConfigParseError(source, file.location, problem);
    const owner = owners.get(key);
    if (owner !== undefined) throw new ConfigParseError(source, file.location, `key '${key}' is also defined by '${owner}'`);
    owners.set(key, file.name);
    tree[key] = format ? parseDocument(decode(file.bytes), format, { source, location: file.location }) : scalarOf(file, key, source);
  }
  return tree;
}

function scalarOf(file: RawFile, key: string, source: string): unknown {
  const text = decode(file.bytes).replace(/\r?\n$/, '');
  const limits = DEFAULT_INPUT_LIMITS;
  if (text.length > limits.maxDocumentLength) {
    throw new ConfigParseError(source, file.location, `file is ${text.length} characters long; the limit is ${limits.maxDocumentLength}`);
  }
  const value = valueOfText(text);
  const problem = findInputProblem(value, limits, [key]);
  if (problem) throw new ConfigParseError(source, file.location, problem);
  return value;
}

/** UTF-8 text without a byte-order mark, which `JSON.parse` would refuse. */
function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeKind(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
