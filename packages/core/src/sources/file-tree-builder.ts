import { ConfigParseError } from '../errors';
import type { ConfigTree, LeftOutKey } from '../interfaces/config-source.interface';
import { KeyMapper, type LocatedValue } from '../mapping/key-mapper';
import { parseDocument, type DocumentFormat } from '../parsing/parse-document';
import { isPlainObject } from '../tree/tree-ops';
import type { RawFile, SkippedDirectory } from './file-tree-reader';

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

/** The tree of a mounted directory, and the files left out of it. */
export interface MountedTree {
  readonly tree: ConfigTree;
  readonly problems: LeftOutKey[];
}

const mapper = new KeyMapper();

/** The depth limit a mount is read to: a file deeper than it could not be mapped. */
export const MOUNT_MAX_DEPTH = mapper.limits.maxDepth;

/**
 * The tree of a mounted directory, through the core's key mapper: each file is a key named by its
 * path below the mount, so a sub-directory is an object. `app.yaml` → key `app` holding the parsed
 * document, and files below `app/` overlay it; a file without a known extension → its name, value =
 * its text less one trailing newline (a JSON object or array is that structure). A file with a
 * forbidden or duplicate key, bad content, bytes that are not UTF-8 or an oversized value, and a
 * directory too deep to read or looping back, is left out and reported, naming the file or
 * directory and never its content; the others load.
 */
export function mountTree(files: readonly RawFile[], skipped: readonly SkippedDirectory[] = []): MountedTree {
  const located: LocatedValue[] = [];
  const owners = new Map<string, string>();
  const problems: LeftOutKey[] = skipped.map((dir) => ({ key: dir.location, problem: SKIPPED_PROBLEMS[dir.reason] }));
  for (const file of files) {
    const where = mapper.pathOf(file.name);
    const bytes = where.format ? file.bytes : withoutTrailingNewline(file.bytes);
    const mapped = mapper.valueOf(file.name, where, bytes);
    const key = where.path?.join('/');
    const owner = key === undefined ? undefined : owners.get(key);
    if (mapped.problem !== undefined) problems.push({ key: file.location, problem: mapped.problem });
    else if (owner !== undefined) problems.push({ key: file.location, problem: `key '${key}' is also defined by '${owner}'` });
    else {
      owners.set(key!, file.name);
      located.push({ key: file.name, path: where.path!, value: mapped.value });
    }
  }
  return { tree: KeyMapper.treeOf(located), problems };
}

const SKIPPED_PROBLEMS: Readonly<Record<SkippedDirectory['reason'], string>> = {
  'too-deep': `the directory holds keys of more than ${MOUNT_MAX_DEPTH} segments, the depth limit`,
  loop: 'the directory is a link back to a directory above it',
};

function withoutTrailingNewline(bytes: Buffer): Buffer {
  const end = bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? bytes.length - 2 : bytes.length - 1) : bytes.length;
  return bytes.subarray(0, end);
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
