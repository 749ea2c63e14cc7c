import { ConfigParseError } from '../errors';
import type { ConfigTree, LeftOutKey } from '../interfaces/config-source.interface';
import { KeyMapper, type KeyText, type LocatedValue } from '../mapping/key-mapper';
import { WholeReadBatches, type ReadKey, type WholeRead } from '../mapping/whole-read-batches';
import { parseDocument, type DocumentFormat } from '../parsing/parse-document';
import { isPlainObject } from '../tree/tree-ops';
import type { RawFile, RawFiles, SkippedDirectory } from './file-tree-reader';

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
 * The tree of a mounted directory read afresh (`MountBatches.load`; for a read with no batch
 * before it, as the CLI's).
 */
export function mountTree(files: readonly RawFile[], skipped: readonly SkippedDirectory[] = []): MountedTree {
  return new MountBatches().load({ files, skipped });
}

/**
 * The trees of a mounted directory, read after read, through the core's key mapper: each file is a
 * key named by its path below the mount, so a sub-directory is an object. `app.yaml` → key `app`
 * holding the parsed document, and files below `app/` overlay it; a file without a known extension
 * → its name, value = its text less one trailing newline (a JSON object or array is that
 * structure); of files on one path (`app`, `app.json`, `app.yaml`) the last in name order wins.
 *
 * A file with a forbidden key, bad content, bytes that are not UTF-8 or an oversized value, and a
 * directory too deep to read or looping back, cannot be read. A fresh read (`load`) leaves them out
 * and reports each. A later read is one batch (one write, one `..data` swap): when it changed such
 * a file, it is held back whole (`WholeReadBatches`): its readable files come with the next read,
 * and the unreadable file keeps its last good value until it is fixed or deleted. Reports name the
 * file or directory, never its content.
 */
export class MountBatches {
  private readonly batches = new WholeReadBatches(locateFile);
  private locations = new Map<string, string>();

  /** Starts over from a fresh read: its tree, and every file or directory left out with why. */
  load(raw: Pick<RawFiles, 'files' | 'skipped'>): MountedTree {
    const { tree, problems } = this.batches.load(this.readKeys(raw));
    return { tree, problems: this.located(problems) };
  }

  /** The batch a later read makes: its tree, or `held` with the changed files that cannot be read. */
  next(raw: Pick<RawFiles, 'files' | 'skipped'>): WholeRead {
    const batch = this.batches.next(this.readKeys(raw));
    return batch.held ? { held: true, problems: this.located(batch.problems) } : batch;
  }

  private readKeys({ files, skipped }: Pick<RawFiles, 'files' | 'skipped'>): ReadKey[] {
    this.locations = new Map([...skipped, ...files].map(({ name, location }) => [name, location]));
    const directories = skipped.map(({ name, reason }) => ({ key: name, raw: '', problem: SKIPPED_PROBLEMS[reason] }));
    return [...directories, ...files.map(({ name, bytes }) => ({ key: name, raw: bytes }))];
  }

  /** Problems named by the file's or directory's location. */
  private located(problems: readonly LeftOutKey[]): LeftOutKey[] {
    return problems.map(({ key, problem }) => ({ key: this.locations.get(key) ?? key, problem }));
  }
}

function locateFile(name: string, bytes: KeyText): LocatedValue | { readonly problem: string } {
  const where = mapper.pathOf(name);
  const mapped = mapper.valueOf(name, where, where.format ? bytes : withoutTrailingNewline(bytes as Buffer));
  return mapped.problem !== undefined ? { problem: mapped.problem } : { key: name, path: where.path!, value: mapped.value };
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
