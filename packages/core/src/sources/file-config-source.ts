import { basename, dirname, resolve } from 'node:path';
import {
  catchError,
  concatMap,
  debounceTime,
  defer,
  distinctUntilChanged,
  filter,
  from,
  merge,
  of,
  Subject,
  switchMap,
  takeUntil,
  throwError,
  timer,
  type Observable,
} from 'rxjs';
import { ConfigCenterError, ConfigParseError, ConfigSourceClosedError, ConfigSourceError } from '../errors';
import type { ConfigSource, ConfigSourceEvent, LoadedConfig } from '../interfaces/config-source.interface';
import { formatOf, type DocumentFormat } from '../parsing/parse-document';
import { directoryIdentity, isSameDirectory, watchDirectory, type DirectoryIdentity } from './directory-watcher';
import { heldBackError } from '../mapping/whole-read-batches';
import { fileReadError, fileSourceName, readFileConfig, readRawFiles, type FileConfigLocation } from './file-config-read';
import { MountBatches, singleFileTree } from './file-tree-builder';
import { errorCodeOf, isMissing, type RawFiles } from './file-tree-reader';

/** Options of a `FileConfigSource`. */
export interface FileConfigSourceOptions extends FileConfigLocation {
  /** How long the directory must stay quiet before a change is read; default 25 ms. */
  readonly debounceMs?: number;
}

/** What one read of the files became, and the digest of the bytes it was made from. */
interface FileOutcome {
  readonly digest: string;
  /** The batch it makes, or the one error of a read that cannot be applied. */
  readonly events: readonly ConfigSourceEvent[];
  /** False for a single file found missing or empty: what a rename- or truncate-write looks like midway. */
  readonly settled: boolean;
}

/**
 * Config from a file or a mounted directory, followed live. The path is one `.json`/`.yaml`/`.yml`
 * file, or a directory (a Kubernetes ConfigMap mount) in which each regular file is a key named by
 * its path below the directory, mapped by the core's key mapper as an etcd or Consul key is:
 * `app.yaml` → `app`, a file without a known extension → its name, holding its text,
 * `rateLimit/limit` → `rateLimit.limit`. Dot-entries (`..data`, the timestamped `..2026_…`
 * directories) are skipped at every level.
 *
 * `watch()` watches the containing directory, so in-place writes, editors' write-then-rename and the
 * ConfigMap `..data` symlink swap are all seen (a file edited in place inside a sub-directory is
 * not: it is read with the next change the top directory sees, as every ConfigMap update is); it emits one `replace` per settled change (after
 * `debounceMs` of quiet) and nothing when the bytes did not change. A half-written or invalid file
 * emits an `error` event (the core keeps the last good config). In a mount, one read (one
 * `..data` swap) is one batch: one that made a file unreadable is held back whole, as an etcd
 * revision is (see `MountBatches`): one `error` event names the file, its other files come with the
 * next change, and the file keeps its last good value until it is fixed or deleted; a single file found missing or
 * empty (a rename- or truncate-write midway) is read once more after `debounceMs`, and if it is
 * still so, reported as an `error` event — never as an empty tree. If the watched directory goes
 * away, the watch errors and the core re-subscribes with backoff. The revision is the first 16 hex
 * digits of a hash of the content keyed per process (so it cannot be reversed into a short secret).
 *
 * @example
 * ```ts
 * ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path: '/etc/orders/app.yaml' })] });
 * ```
 */
export class FileConfigSource implements ConfigSource {
  readonly name: string;
  private readonly path: string;
  private readonly format: DocumentFormat | undefined;
  private readonly watchedDir: string;
  private readonly debounceMs: number;
  private readonly closing = new Subject<void>();
  private readonly reads = new Set<Promise<unknown>>();
  /** A mount's reads since the last load, for the held-back rule. */
  private readonly mount = new MountBatches();
  private closed = false;

  constructor(options: FileConfigSourceOptions) {
    this.path = options.path;
    this.name = fileSourceName(options);
    this.debounceMs = options.debounceMs ?? 25;
    if (!this.path) throw new ConfigCenterError(`Config source '${this.name}': path must not be empty`);
    if (!(this.debounceMs >= 0)) throw new ConfigCenterError(`Config source '${this.name}': debounceMs must be 0 or more`);
    this.format = formatOf(this.path);
    this.watchedDir = this.format ? dirname(resolve(this.path)) : resolve(this.path);
  }

  async load(): Promise<LoadedConfig> {
    if (this.closed) throw new ConfigSourceClosedError(this.name);
    const { tree, revision, problems } = await this.track(readFileConfig({ path: this.path, name: this.name }, this.mount));
    return { tree, revision, problems };
  }

  /** Re-reads at once (the core ignores it when nothing changed), then emits each settled change. */
  watch(): Observable<ConfigSourceEvent> {
    return defer(() => {
      if (this.closed) throw new ConfigSourceClosedError(this.name);
      const identity = directoryIdentity(this.watchedDir);
      const settled$ = watchDirectory(this.watchedDir).pipe(
        filter((entry) => this.concerns(entry)),
        debounceTime(this.debounceMs),
      );
      // The watcher is subscribed before the first read, so no change can fall between the two.
      return merge(settled$, of(null)).pipe(
        concatMap(() => this.settledRead(identity)),
        distinctUntilChanged((a, b) => a.digest === b.digest),
        concatMap((outcome) => from(outcome.events)),
      );
    }).pipe(
      catchError((error: unknown) => throwError(() => this.watchError(error))),
      takeUntil(this.closing),
    );
  }

  /** Ends every watch (closing its watcher and timers) and waits for reads in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.next();
    await Promise.allSettled([...this.reads]);
  }

  /** A read; when a single file is missing or empty (mid-write), one more after `debounceMs`, taken as it is. */
  private settledRead(identity: DirectoryIdentity): Observable<FileOutcome> {
    const read$ = defer(() => this.track(this.readOutcome(identity)));
    return read$.pipe(switchMap((first) => (first.settled ? of(first) : timer(this.debounceMs).pipe(switchMap(() => read$)))));
  }

  private async readOutcome(identity: DirectoryIdentity): Promise<FileOutcome> {
    if (!(await isSameDirectory(this.watchedDir, identity))) {
      // The watcher went with the old directory: error the watch so that the core re-subscribes.
      throw new ConfigSourceError(this.name, `directory '${this.watchedDir}' was removed or replaced`, true);
    }
    let raw: RawFiles;
    try {
      raw = await readRawFiles(this.path, this.format);
    } catch (error) {
      if (this.format && isMissing(error)) return this.missingOutcome();
      return {
        digest: `error:${errorCodeOf(error)}`,
        events: [{ kind: 'error', error: fileReadError(error, this.path, this.name, this.format) }],
        settled: true,
      };
    }
    const settled = !this.format || raw.files[0].bytes.length > 0;
    try {
      return { digest: raw.digest, events: [this.eventOf(raw)], settled };
    } catch (error) {
      if (!(error instanceof ConfigParseError)) throw error;
      return { digest: raw.digest, events: [{ kind: 'error', error }], settled };
    }
  }

  /** The batch of a read, or the one error of a mount's read held back for a file it made unreadable. */
  private eventOf(raw: RawFiles): ConfigSourceEvent {
    const revision = raw.digest.slice(0, 16);
    if (this.format) return { kind: 'replace', tree: singleFileTree(raw.files[0], this.format, this.name), revision };
    const batch = this.mount.next(raw);
    if (batch.held) return { kind: 'error', error: heldBackError(this.name, batch.problems, 'this write of the directory is not applied') };
    return { kind: 'replace', tree: batch.tree, revision };
  }

  private missingOutcome(): FileOutcome {
    const error = new ConfigSourceError(this.name, `file '${this.path}' is missing`, true);
    return { digest: 'missing', events: [{ kind: 'error', error }], settled: false };
  }

  /** In a single-file source, only events for that file or for ConfigMap internals (`..data`) count. */
  private concerns(entry: string | null): boolean {
    return !this.format || entry === null || entry === basename(this.path) || entry.startsWith('..');
  }

  private watchError(error: unknown): ConfigCenterError {
    if (error instanceof ConfigCenterError) return error;
    return new ConfigSourceError(this.name, `cannot watch '${this.watchedDir}' (${errorCodeOf(error)})`, true, { cause: error });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.reads.add(promise);
    const forget = () => this.reads.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}
