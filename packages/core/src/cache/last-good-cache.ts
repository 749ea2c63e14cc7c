import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigParseError } from '../errors';
import type { ConfigTree } from '../interfaces/config-source.interface';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import { findInputProblem } from '../parsing/check-tree';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { isPlainObject } from '../tree/tree-ops';

const FORMAT = 'config-center/last-good@1';

/** The slice of one source as last applied. */
export interface CachedSlice {
  readonly tree: ConfigTree;
  readonly revision?: string;
}

/** What the cache file holds: the applied slice of each source, by source name. */
export interface CacheContents {
  readonly version: number;
  readonly savedAt: string;
  readonly sources: Readonly<Record<string, CachedSlice>>;
}

/**
 * The last-known-good snapshot on disk. Writes are atomic (temp file, fsync, rename) and
 * coalesced: while one write is under way, only the newest pending contents are written next.
 */
export class LastGoodCache {
  private inFlight: Promise<void> = Promise.resolve();
  private pending: CacheContents | undefined;
  private writing = false;

  constructor(
    readonly path: string,
    private readonly limits: Required<InputLimits> = DEFAULT_INPUT_LIMITS,
  ) {}

  /** The cached contents, `undefined` when there is no file; throws `ConfigParseError` when corrupt. */
  async read(): Promise<CacheContents | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ConfigParseError(`cache:${this.path}`, this.path, `unreadable: ${(error as Error).message}`);
    }
    return parseCache(text, this.path, this.limits);
  }

  /** Schedules a write of `contents`; resolves when it (or a newer one) is on disk. */
  write(contents: CacheContents): Promise<void> {
    this.pending = contents;
    if (!this.writing) {
      this.writing = true;
      this.inFlight = this.drain();
    }
    return this.inFlight;
  }

  /** Waits for writes under way. */
  async flush(): Promise<void> {
    await this.inFlight;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const contents = this.pending;
        this.pending = undefined;
        await writeAtomically(this.path, JSON.stringify({ format: FORMAT, ...contents }));
      }
    } finally {
      this.writing = false;
    }
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  const file = await open(temp, 'w', 0o600);
  try {
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    // A write that failed midway (a full disk) leaves no partial temp file behind.
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function parseCache(text: string, path: string, limits: Required<InputLimits>): CacheContents {
  const corrupt = (reason: string) => new ConfigParseError(`cache:${path}`, path, `corrupt cache ignored: ${reason}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (!isPlainObject(value) || value.format !== FORMAT || !isPlainObject(value.sources)) {
    throw corrupt(`not a ${FORMAT} file`);
  }
  for (const [name, slice] of Object.entries(value.sources)) {
    if (!isPlainObject(slice) || !isPlainObject(slice.tree)) throw corrupt(`no tree for source '${name}'`);
    const problem = findInputProblem(slice.tree, limits);
    if (problem) throw corrupt(`source '${name}': ${problem}`);
  }
  return value as unknown as CacheContents;
}
