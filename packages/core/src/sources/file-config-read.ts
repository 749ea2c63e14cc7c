import { ConfigCenterError, ConfigSourceError } from '../errors';
import type { LoadedConfig } from '../interfaces/config-source.interface';
import { formatOf, type DocumentFormat } from '../parsing/parse-document';
import { MOUNT_MAX_DEPTH, MountBatches, singleFileTree, type MountedTree } from './file-tree-builder';
import { errorCodeOf, isMissing, readMountDirectory, readSingleFile, type RawFiles } from './file-tree-reader';

/** Where a file source reads: a path, and the name that blames it (`file:<path>` unless given). */
export interface FileConfigLocation {
  /** A `.json`, `.yaml` or `.yml` file, or a directory (a ConfigMap mount) whose files are keys. */
  readonly path: string;
  /** Names the source in status, errors and the cache; default `file:<path>`. */
  readonly name?: string;
}

/** What one read of a file source's path holds: its tree, the keys left out, and its revision. */
export interface FileConfig extends LoadedConfig {
  /** The name the source is blamed by: the given one, or `file:<path>`. */
  readonly name: string;
  readonly revision: string;
}

/**
 * Reads a config file or a ConfigMap directory once, as `FileConfigSource.load()` does (it calls
 * this): the files parsed and key-mapped by the core's mapper, the files a mount leaves out listed
 * in `problems`. A mount's read starts `mount` over (the source's batches go on from it). For tools that read a file as the app would without a source to close (the CLI).
 * Throws a `ConfigParseError` for content that cannot be read, a `ConfigSourceError` for a path
 * that cannot.
 */
export async function readFileConfig(location: FileConfigLocation, mount = new MountBatches()): Promise<FileConfig> {
  const name = fileSourceName(location);
  const format = formatOf(location.path);
  const raw = await readRawFiles(location.path, format).catch((error: unknown) => {
    throw fileReadError(error, location.path, name, format);
  });
  const { tree, problems } = treeOfFiles(raw, format, name, mount);
  return { name, tree, revision: raw.digest.slice(0, 16), problems };
}

/** The name of a file source: the given one, or `file:<path>`. */
export function fileSourceName(location: FileConfigLocation): string {
  return location.name ?? `file:${location.path}`;
}

/** The bytes of the file (a path with a format), or of every file of the directory. Throws the `fs` error. */
export function readRawFiles(path: string, format: DocumentFormat | undefined): Promise<RawFiles> {
  return format ? readSingleFile(path) : readMountDirectory(path, MOUNT_MAX_DEPTH);
}

/** The tree of what `readRawFiles` read afresh (a mount's read starts `mount` over); a mount's left-out files are its `problems`. */
export function treeOfFiles(raw: RawFiles, format: DocumentFormat | undefined, name: string, mount = new MountBatches()): MountedTree {
  return format ? { tree: singleFileTree(raw.files[0], format, name), problems: [] } : mount.load(raw);
}

/** The error of a read that failed, naming the source and the path, never the content. */
export function fileReadError(error: unknown, path: string, name: string, format: DocumentFormat | undefined): ConfigCenterError {
  if (error instanceof ConfigCenterError) return error;
  const code = errorCodeOf(error);
  if (!format && code === 'ENOTDIR') {
    return new ConfigSourceError(name, `'${path}' is not a directory (a file needs a .json, .yaml or .yml name)`, false);
  }
  const what = isMissing(error) ? 'does not exist' : `cannot be read (${code})`;
  return new ConfigSourceError(name, `'${path}' ${what}`, true, { cause: error });
}
