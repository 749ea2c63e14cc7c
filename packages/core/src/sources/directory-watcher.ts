import { statSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Observable } from 'rxjs';

/**
 * Which directory a watch is on: a directory removed and created again is another one. The birth
 * time tells them apart where the file system hands the freed inode number straight back (ext4).
 */
export interface DirectoryIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly birthtimeMs: number;
}

/** The identity of a directory now. Throws the `fs` error when it is missing. */
export function directoryIdentity(dir: string): DirectoryIdentity {
  const { dev, ino, birthtimeMs } = statSync(dir);
  return { dev, ino, birthtimeMs };
}

/** True while `dir` is still the directory `identity` was taken from. */
export async function isSameDirectory(dir: string, identity: DirectoryIdentity): Promise<boolean> {
  try {
    const { dev, ino, birthtimeMs } = await stat(dir);
    return dev === identity.dev && ino === identity.ino && birthtimeMs === identity.birthtimeMs;
  } catch {
    return false;
  }
}

/**
 * Watches the entries of one directory with `fs.watch`: emits the name of each entry that changed
 * (`null` where the platform does not say which), and errors when the watcher fails. Watching the
 * directory rather than a file is what makes rename-based writes and symlink swaps visible.
 * Unsubscribing closes the watcher.
 */
export function watchDirectory(dir: string): Observable<string | null> {
  return new Observable<string | null>((subscriber) => {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: true }, (_event, entry) => subscriber.next(entry ?? null));
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
    watcher.on('error', (error) => subscriber.error(error));
    return () => watcher.close();
  });
}
