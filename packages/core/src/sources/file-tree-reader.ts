import { createHmac, randomBytes } from 'node:crypto';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** One file as read from disk: its name (in a mount, its `/`-separated path below it), where it lives and its bytes. */
export interface RawFile {
  readonly name: string;
  readonly location: string;
  readonly bytes: Buffer;
}

/**
 * A directory of a mount that was not read: the files in it would be deeper than the depth limit,
 * or it is a link back to a directory above it (a loop).
 */
export interface SkippedDirectory {
  readonly name: string;
  readonly location: string;
  readonly reason: 'too-deep' | 'loop';
}

/** Every file a file source reads in one pass, and a digest of all their names and bytes. */
export interface RawFiles {
  readonly files: readonly RawFile[];
  readonly skipped: readonly SkippedDirectory[];
  /** HMAC-SHA-256 (hex, per-process key) of every name and byte: equal digests mean byte-identical content. */
  readonly digest: string;
}

/** How many times a directory read is repeated when a ConfigMap `..data` swap lands in the middle of it. */
const MAX_DIRECTORY_READS = 3;

/** Reads one file. Throws the `fs` error (`ENOENT` when it is missing). */
export async function readSingleFile(path: string): Promise<RawFiles> {
  const bytes = await readFile(path);
  return withDigest({ files: [{ name: basename(path), location: path, bytes }], skipped: [] });
}

/**
 * Reads every regular file of a directory (a Kubernetes ConfigMap mount) and of the directories in
 * it, following symlinks and skipping dot-entries (`..data`, the timestamped `..2026_…`
 * directories). A file's name is its path below `dir` (`rateLimit/limit`); a directory whose files
 * would have more than `maxDepth` segments, or that loops back, is not entered but listed. When the
 * `..data` link moves during the read, the read is repeated, so one pass never mixes two ConfigMap
 * versions.
 */
export async function readMountDirectory(dir: string, maxDepth: number): Promise<RawFiles> {
  for (let attempt = 1; ; attempt++) {
    const before = await dataLinkOf(dir);
    const walk: MountWalk = { files: [], skipped: [], maxDepth };
    const { dev, ino } = await stat(dir);
    await readDirectory(walk, dir, '', [`${dev}:${ino}`]);
    if (attempt >= MAX_DIRECTORY_READS || (await dataLinkOf(dir)) === before) return withDigest(walk);
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

/** What a mount read has found so far. */
interface MountWalk {
  readonly files: RawFile[];
  readonly skipped: SkippedDirectory[];
  readonly maxDepth: number;
}

/** Reads the entries of the directory at `location`, named `name` below the mount (`''` for the mount itself). */
async function readDirectory(walk: MountWalk, location: string, name: string, ancestors: readonly string[]): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(location);
  } catch (error) {
    // A directory removed while the mount was read, or left dangling by a ConfigMap swap.
    if (name && isMissing(error)) return;
    throw error;
  }
  const visible = entries.filter((entry) => !entry.startsWith('.'));
  await Promise.all(visible.map((entry) => readEntry(walk, join(location, entry), name ? `${name}/${entry}` : entry, ancestors)));
}

async function readEntry(walk: MountWalk, location: string, name: string, ancestors: readonly string[]): Promise<void> {
  try {
    const stats = await stat(location);
    if (stats.isFile()) {
      walk.files.push({ name, location, bytes: await readFile(location) });
      return;
    }
    if (!stats.isDirectory()) return;
    const id = `${stats.dev}:${stats.ino}`;
    if (ancestors.includes(id)) walk.skipped.push({ name, location, reason: 'loop' });
    else if (name.split('/').length >= walk.maxDepth) walk.skipped.push({ name, location, reason: 'too-deep' });
    else await readDirectory(walk, location, name, [...ancestors, id]);
  } catch (error) {
    // A link left dangling by a ConfigMap swap, or a file removed while the directory was read.
    if (!isMissing(error)) throw error;
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

/** The files and skipped directories in name order, with the digest of them all. */
function withDigest(found: Pick<RawFiles, 'files' | 'skipped'>): RawFiles {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const files = [...found.files].sort(byName);
  const skipped = [...found.skipped].sort(byName);
  const hash = createHmac('sha256', DIGEST_KEY);
  for (const file of files) {
    hash.update(`${file.name}\0${file.bytes.length}\0`);
    hash.update(file.bytes);
  }
  for (const dir of skipped) hash.update(`${dir.name}\0${dir.reason}\0`);
  return { files, skipped, digest: hash.digest('hex') };
}
