import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { catchError, debounceTime, EMPTY, filter, map, mergeMap, Observable, of, ReplaySubject, switchMap, timer } from 'rxjs';
import { watchDirectory } from '../sources/directory-watcher';
import type { ReferenceResolver, ResolvedReference, SecretReference } from './secret-reference';
import { KEY_DIR_DEBOUNCE_MS } from './watched-keyring';

/** A referenced file as last read, and the sections that read it. */
interface ReadFile {
  resolved: ResolvedReference;
  readonly readers: Set<number>;
}

/**
 * The references of a running app: `${env:NAME}` from `process.env`, `${file:/path}` read once and
 * kept, its directory watched (as a key directory is: a Kubernetes Secret mount's `..data` swap is
 * seen) from bootstrap until `app.close()`. When a file's text changes — or it goes, or comes back
 * — `changes` names the sections that read it, to be bound again: a rotated credential file
 * becomes a new snapshot, and one removed quarantines its readers while the last good serves.
 */
export class LiveReferences implements ReferenceResolver {
  private readonly files = new Map<string, ReadFile>();
  private readonly dirs = new ReplaySubject<string>();
  private readonly watched = new Set<string>();

  resolve(reference: SecretReference, reader: number): ResolvedReference {
    if (reference.scheme === 'env') {
      const value = process.env[reference.target];
      return value === undefined ? { ok: false, reason: `the variable '${reference.target}' is not set` } : { ok: true, text: value };
    }
    const file = resolve(reference.target);
    let read = this.files.get(file);
    if (!read) {
      read = { resolved: readReference(file), readers: new Set() };
      this.files.set(file, read);
      this.watch(dirname(file));
    }
    read.readers.add(reader);
    return read.resolved;
  }

  private watch(dir: string): void {
    if (this.watched.has(dir)) return;
    this.watched.add(dir);
    this.dirs.next(dir);
  }

  /** The sections to bind again each time a referenced file's text changes, once its directory is quiet for `debounceMs`. */
  changes(debounceMs = KEY_DIR_DEBOUNCE_MS): Observable<number[]> {
    return this.dirs.pipe(
      mergeMap((dir) =>
        watchDirectory(dir).pipe(
          debounceTime(debounceMs),
          // A file read empty may be mid-write (truncated, then written): read once more after `debounceMs`, as the file source does.
          switchMap(() => (this.anyEmpty(dir) ? timer(debounceMs) : of(0))),
          map(() => this.reread(dir)),
          // A directory that cannot be watched any more: its files keep the text last read.
          catchError(() => EMPTY),
        ),
      ),
      filter((readers) => readers.length > 0),
    );
  }

  private anyEmpty(dir: string): boolean {
    return [...this.files.keys()].some((file) => {
      if (dirname(file) !== dir) return false;
      const now = readReference(file);
      return now.ok && now.text === '';
    });
  }

  private reread(dir: string): number[] {
    const readers = new Set<number>();
    for (const [file, read] of this.files) {
      if (dirname(file) !== dir) continue;
      const now = readReference(file);
      if (sameResolution(now, read.resolved)) continue;
      read.resolved = now;
      for (const reader of read.readers) readers.add(reader);
    }
    return [...readers];
  }
}

/** A referenced file's text (one trailing newline dropped, as a key file's), or why it cannot be read. */
function readReference(file: string): ResolvedReference {
  try {
    return { ok: true, text: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    return { ok: false, reason: `the file '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})` };
  }
}

function sameResolution(a: ResolvedReference, b: ResolvedReference): boolean {
  return a.ok && b.ok ? a.text === b.text : !a.ok && !b.ok && a.reason === b.reason;
}
