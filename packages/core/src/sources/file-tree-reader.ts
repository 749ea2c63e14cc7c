import { createHmac, randomBytes } from 'node:crypto';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** One file as read from disk: its name, where it lives and its bytes. */
export interface RawFile {
  readonly name: string;
  readonly location: string;
  readonly bytes: Buffer;
}

/** Every file a file source reads in one pass, and a digest of all their names and bytes. */
export interface RawFiles {
  readonly files: readonly RawFile[];
  /** HMAC-SHA-256 (hex, per-process key) of every name and byte: equal digests mean byte-identical content. */
  readonly digest: string;
}

/** How many times a directory read is repeated when a ConfigMap `..data` swap lands in the middle of it. */
const MAX_DIRECTORY_READS = 3;

/** Reads one file. Throws the `fs` error (`ENOENT` when it is missing). */
export async function readSingleFile(path: string): Promise<RawFiles> {
  const bytes = await readFile(path);
  return withDigest([{ name: basename(path), location: path, bytes }]);
}

/**
 * Reads every regular file of a directory (a Kubernetes ConfigMap mount), following symlinks and
 * skipping dot-entries (`..data`, the timestamped `..2026_…` directories). When the `..data` link
 * moves during the read, the read is repeated, so one pass never mixes two ConfigMap versions.
 */
export async function readMountDirectory(dir: string): Promise<RawFiles> {
  for (let attempt = 1; ; attempt++) {
    const before = await dataLinkOf(dir);
    const files = await readEntries(dir);
    if (attempt >= MAX_DIRECTORY_READS || (await dataLinkOf(dir)) === before) return withDigest(files);
  }
}

/** True for the error `fs` throws when a file or directory does not exist. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The error code of an `fs` error, for messages that must not quote anything else. */
export function errorCodeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
}

async function readEntries(dir: string): Promise<RawFile[]> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  const files = await Promise.all(names.map((name) => readEntry(dir, name)));
  return files.filter((file): file is RawFile => file !== undefined);
}

async function readEntry(dir: string, name: string): Promise<RawFile | undefined> {
  const location = join(dir, name);
  try {
    if (!(await stat(location)).isFile()) return undefined;
    return { name, location, bytes: await readFile(location) };
  } catch (error) {
    // A link left dangling by a ConfigMap swap, or a file removed while the directory was read.
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function dataLinkOf(dir: string): Promise<string | undefined> {
  try {
    return await readlink(join(dir, '..data'));
  } catch {
    return undefined;
  }
}

/**
 * Keyed per process, so that a revision shown in `status()` cannot be brute-forced back into the
 * content of a short secret file; digests still compare equal for equal content within a process.
 */
const DIGEST_KEY = randomBytes(32);

function withDigest(files: RawFile[]): RawFiles {
  const hash = createHmac('sha256', DIGEST_KEY);
  for (const file of files) {
    hash.update(`${file.name}\0${file.bytes.length}\0`);
    hash.update(file.bytes);
  }
  return { files, digest: hash.digest('hex') };
}
