import { debounceTime, defer, EMPTY, filter, map, Observable } from 'rxjs';
import { SecretKeyError } from '../errors';
import type { SecretsOptions } from '../interfaces/config-center-options.interface';
import { watchDirectory } from '../sources/directory-watcher';
import { keysOf } from './key-dir';
import { StaticKeyring, type SecretKeyring } from './secret-keyring';

/** How long a key directory's entries must be quiet before it is read again (a `..data` swap is several renames). */
export const KEY_DIR_DEBOUNCE_MS = 50;

/** What one read of a watched key directory came to: the key ids now held that were not (or held another key), and those gone. */
export type KeyringEvent =
  | { readonly kind: 'changed'; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly kind: 'error'; readonly error: SecretKeyError };

/**
 * The keyring of an app's `secrets` options whose key directory is live: read whole at startup (a
 * bad key fails startup, as `keyringOf`), then again each time the directory's entries settle
 * (`changes`) — through the same directory watcher as the file source, so a Kubernetes Secret
 * mount's `..data` symlink swap is seen. Each read replaces the keys in one assignment: a new
 * `<kid>.key` opens values from then on; a removed one opens no new value (the sections it opened
 * keep serving what they hold). A read that fails keeps the keys held and says why.
 */
export class WatchedKeyring implements SecretKeyring {
  private ring: StaticKeyring;

  constructor(private readonly options: SecretsOptions) {
    this.ring = new StaticKeyring(keysOf(options));
  }

  key(kid: string): Buffer | undefined {
    return this.ring.key(kid);
  }

  kids(): readonly string[] {
    return this.ring.kids();
  }

  /**
   * Reads the key directory again each time its entries have been quiet for `debounceMs`, and
   * emits what changed (nothing when no key did); never without a `keyDir`. Unsubscribing closes
   * the watcher. The watch errors (the `fs` error) when the directory cannot be watched.
   */
  changes(debounceMs = KEY_DIR_DEBOUNCE_MS): Observable<KeyringEvent> {
    const { keyDir } = this.options;
    if (keyDir === undefined) return EMPTY;
    return defer(() => watchDirectory(keyDir)).pipe(
      debounceTime(debounceMs),
      map(() => this.reread()),
      filter((event) => event.kind === 'error' || event.added.length > 0 || event.removed.length > 0),
    );
  }

  private reread(): KeyringEvent {
    let next: StaticKeyring;
    try {
      next = new StaticKeyring(keysOf(this.options));
    } catch (error) {
      if (error instanceof SecretKeyError) return { kind: 'error', error };
      throw error;
    }
    const before = this.ring;
    this.ring = next;
    const added = next.kids().filter((kid) => !before.key(kid)?.equals(next.key(kid) as Buffer));
    const removed = before.kids().filter((kid) => !next.key(kid));
    return { kind: 'changed', added, removed };
  }
}
