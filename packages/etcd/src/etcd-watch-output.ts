import type { ConfigSourceError, ConfigSourceEvent } from '@config-center/core';
import type { Subscriber } from 'rxjs';
import type { RevisionChanges } from './etcd-revision-batches';
import type { PrefixRead } from './etcd-prefix-read';
import type { EtcdWatchHost } from './etcd-watch-host.interface';

/**
 * What a watch session tells its subscriber, and the cursor moved with it: batches of revisions and
 * of fresh reads, each committed once emitted; `connected` once after each `reconnecting`; a read
 * from a restored or replaced etcd as an error event and the difference by content; the end.
 */
export class EtcdWatchOutput {
  /** Whether `connected` was emitted since the last `reconnecting`; false at first, so it is emitted. */
  private connected = false;

  constructor(
    private readonly host: Pick<EtcdWatchHost, 'state' | 'sourceError'>,
    private readonly subscriber: Subscriber<ConfigSourceEvent>,
  ) {}

  /**
   * Emits revisions that arrived together as one batch at the last of them (split only around a
   * revision that cannot be applied), then moves the cursor to it; stops once `stopped()` says so.
   */
  revisions(revisions: readonly RevisionChanges[], stopped: () => boolean): void {
    for (const { event, revision } of this.host.state.events(revisions)) {
      this.subscriber.next(event);
      this.host.state.commit(revision);
      if (stopped()) return;
    }
  }

  /**
   * Applies a fresh read: its difference as one batch (`always`: even when it is empty). A read from
   * another cluster, or below the cursor as it was when the read was sent (`sentAt`), means etcd was
   * restored or replaced: the difference by content, the cursor reset to the read, and an error
   * event that says so.
   */
  read(read: PrefixRead, always: boolean, sentAt: number): void {
    const mismatch = this.host.state.mismatch(read, sentAt);
    if (mismatch !== undefined) return this.restart(read, mismatch);
    const events = this.host.state.resync(read, always);
    if (!events.length) return;
    for (const event of events) this.subscriber.next(event);
    this.host.state.commit(read.revision);
  }

  /** etcd confirmed a watch: `connected`, unless said since the last `reconnecting`. */
  confirmed(): void {
    if (this.connected) return;
    this.connected = true;
    this.subscriber.next({ kind: 'state', state: 'connected' });
  }

  /** The watch is down and will be tried again: `reconnecting`, with why. */
  reconnecting(error: ConfigSourceError): void {
    this.connected = false;
    this.subscriber.next({ kind: 'state', state: 'reconnecting', error });
  }

  /** Ends the subscriber with what retrying cannot fix. */
  fail(error: ConfigSourceError): void {
    this.subscriber.error(error);
  }

  /** Completes the subscriber: the source is closing. */
  complete(): void {
    this.subscriber.complete();
  }

  private restart(read: PrefixRead, mismatch: string): void {
    const from = this.host.state.cursor;
    const events = this.host.state.restart(read);
    const what = `etcd was restored or replaced (${mismatch}): re-read at revision ${read.revision}, the difference applied as one batch, watching from there (was ${from})`;
    this.subscriber.next({ kind: 'error', error: this.host.sourceError('watching', new Error(what)) });
    for (const event of events) this.subscriber.next(event);
  }
}
