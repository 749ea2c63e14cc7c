import { Subscription } from 'rxjs';
import { isSecretIssue } from '../secrets/resolve-secrets';
import type { LiveReferences } from '../secrets/live-references';
import type { KeyringEvent, WatchedKeyring } from '../secrets/watched-keyring';
import type { BatchApplier } from './batch-applier';
import type { Quarantine } from './quarantine';
import type { StatusBoard } from './status-board';

/** How `changes$`, `errors$` and the log name what the key directory did. */
export const SECRETS_SOURCE = 'secrets';

/**
 * Follows the key directory of a running app: each key that arrives (a new `<kid>.key`, a `..data`
 * swap) has the sections held for a value that could not be decrypted bound again at once — those
 * it opens are released in one swap —, and each change shows in `status().keyIds`. A key directory
 * that cannot be read again is reported (kind `secret`), and the keys held stay. With
 * `references`, a referenced file whose text changes has the sections that read it bound again.
 */
export class SecretWatch {
  private subscription: Subscription | undefined;

  constructor(
    private readonly watched: { readonly keyring: WatchedKeyring; readonly references?: LiveReferences },
    private readonly parts: { readonly applier: BatchApplier; readonly quarantine: Quarantine; readonly board: StatusBoard },
  ) {}

  /** Starts watching; called with the sources' watches, once the application has bootstrapped. */
  start(): void {
    if (this.subscription) return;
    const { keyring, references } = this.watched;
    const { applier, board } = this.parts;
    // One container: the key watch completes at once without a keyDir, and a closed subscription ends what is added to it.
    this.subscription = new Subscription();
    this.subscription.add(
      keyring.changes().subscribe({
        next: (event) => this.changed(event),
        error: (error: Error) => board.report(SECRETS_SOURCE, error, 'secret'),
      }),
    );
    if (references) this.subscription.add(references.changes().subscribe((readers) => applier.rebind(SECRETS_SOURCE, readers)));
  }

  /** Stops watching: the directory watcher is closed. */
  close(): void {
    this.subscription?.unsubscribe();
  }

  private changed(event: KeyringEvent): void {
    const { applier, quarantine, board } = this.parts;
    if (event.kind === 'error') return board.report(SECRETS_SOURCE, event.error, 'secret');
    board.changed();
    if (event.added.length) applier.rebind(SECRETS_SOURCE, quarantine.heldOn(isSecretIssue));
  }
}
