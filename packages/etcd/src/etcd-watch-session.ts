import { type ConfigSourceError, type ConfigSourceEvent, type RetryOptions } from '@config-center/core';
import { backoffDelay } from '@config-center/core/source-kit';
import type { IWatchResponse } from 'etcd3';
import type { Subscriber } from 'rxjs';
import { EtcdCanaryWatch } from './etcd-canary-watch';
import { EtcdRevisionWindow, groupByRevision, type RevisionChanges } from './etcd-revision-batches';
import type { PrefixRead } from './etcd-prefix-read';
import type { EtcdSyncState } from './etcd-sync-state';
import type { EtcdAnswerHeader, EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';

/** What a watch session needs from its source. */
export interface EtcdWatchHost {
  readonly state: EtcdSyncState;
  readonly dialTimeoutMs: number;
  readonly reconcileIntervalMs: number;
  readonly accessCheckIntervalMs: number;
  readonly retry: RetryOptions;
  /** A watch of the prefix from `revision`. */
  openStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** A watch of the instance's canary record from `revision`; absent when the source takes part in no canary. */
  openCanaryStream?(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** The key prefix that events carry (bytes), to be stripped from their keys. */
  readonly eventPrefix: Buffer;
  readPrefix(): Promise<PrefixRead>;
  /** Rejects when the source can no longer read its prefix. */
  checkAccess(): Promise<void>;
  sourceError(action: string, error: unknown): ConfigSourceError;
}

/**
 * One subscription to `EtcdConfigSource.watch()`: the cursor-driven watch loop. A watch from
 * cursor + 1; revisions that arrive together emitted as one batch (a lone response at once, a
 * backlog once per event-loop turn: `EtcdRevisionWindow`, `EtcdSyncState`), then the cursor moved
 * past them; after a stream error or end, or a watch etcd does not confirm in time, a new watch
 * from cursor + 1 with backoff; after etcd cancels the watch (compaction), a fresh read of the
 * prefix, its difference as one batch, and a watch from the read's revision + 1; when configured,
 * a periodic reconcile, and a periodic access check (a withdrawn permission). It errors only for
 * what retrying alone cannot fix (permission denied).
 *
 * An instance that reports itself also watches its canary record (`EtcdCanaryWatch`): each change
 * of it is applied by one read of the prefix and the record at one revision, its difference one
 * batch, re-read when the prefix's watch overtook it meanwhile.
 */
export class EtcdWatchSession {
  private stream: EtcdWatchStream | undefined;
  private established = false;
  /** Whether `connected` was emitted since the last `reconnecting`; false at first, so it is emitted. */
  private connected = false;
  private stopped = false;
  private attempt = 0;
  private canceledSinceData = false;
  private dialTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private accessTimer: NodeJS.Timeout | undefined;
  private readonly canary: EtcdCanaryWatch | undefined;
  private readonly window = new EtcdRevisionWindow((revisions) => this.emitRevisions(revisions));

  constructor(
    private readonly host: EtcdWatchHost,
    private readonly subscriber: Subscriber<ConfigSourceEvent>,
  ) {
    const { openCanaryStream, retry } = host;
    if (openCanaryStream) {
      this.canary = new EtcdCanaryWatch({
        openCanaryStream: (revision, handlers) => openCanaryStream.call(host, revision, handlers),
        cursor: () => host.state.cursor,
        readPrefix: () => host.readPrefix(),
        deliver: (read, sentAt) => !this.stopped && this.emitResync(read, false, sentAt),
        failed: (error) => this.canaryReadFailed(error),
        retry,
      });
    }
  }

  start(): void {
    this.open();
    this.canary?.start();
    this.scheduleReconcile();
    this.scheduleAccessCheck();
  }

  /** Stops, and completes the subscriber: the source is closing. */
  end(): void {
    this.stop();
    this.subscriber.complete();
  }

  /** Stops every timer and ends the stream. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.accessTimer);
    this.canary?.stop();
    this.drop();
  }

  private open(): void {
    if (this.stopped) return;
    this.established = false;
    this.stream = this.host.openStream(this.host.state.cursor + 1, {
      confirmed: (header) => this.answered(header) && this.confirmed(),
      received: (response) => this.answered(headerOf(response)) && this.receive(response),
      progressed: (response) => this.answered(headerOf(response)) && this.progressed(headerOf(response).revision),
      canceled: (error) => this.canceled(error),
      broken: (error) => this.lost(error),
    });
    const timeout = new Error(`etcd did not confirm the watch within ${this.host.dialTimeoutMs} ms`);
    this.dialTimer = setTimeout(() => this.lost(timeout), this.host.dialTimeoutMs);
  }

  /**
   * Whether a response comes from the etcd the cursor counts in. When it names another cluster or a
   * revision below the cursor, the watch is dropped and the prefix re-read to find out.
   */
  private answered(header: EtcdAnswerHeader): boolean {
    const mismatch = this.host.state.mismatch(header);
    if (mismatch === undefined) return true;
    this.drop();
    this.reconnecting(this.host.sourceError('watching', new Error(`etcd answered with ${mismatch}; re-reading the prefix`)));
    // With backoff: a lagging member could otherwise send the source round this loop at once, again and again.
    this.retry(() => void this.resync());
    return false;
  }

  private confirmed(): void {
    clearTimeout(this.dialTimer);
    this.established = true;
    // A watch etcd keeps cancelling right after confirming it must still back off.
    if (!this.canceledSinceData) this.attempt = 0;
    if (this.connected) return;
    this.connected = true;
    this.subscriber.next({ kind: 'state', state: 'connected' });
  }

  private receive(response: IWatchResponse): void {
    this.attempt = 0;
    this.canceledSinceData = false;
    this.window.add(groupByRevision(response, this.host.eventPrefix));
  }

  /**
   * Emits revisions that arrived together as one batch at the last of them (split only around a
   * revision that cannot be applied), then moves the cursor to it.
   */
  private emitRevisions(revisions: readonly RevisionChanges[]): void {
    for (const { event, revision } of this.host.state.events(revisions)) {
      this.subscriber.next(event);
      this.host.state.commit(revision);
      if (this.stopped) return;
    }
  }

  /**
   * A progress notification: etcd has sent every event of the prefix up to `revision`, so the cursor
   * moves there — unless revisions below it are still held for the next batch, which then commits
   * past it. A quiet prefix keeps a recent cursor: a reconnect after a compaction needs no read.
   */
  private progressed(revision: number): void {
    if (!this.window.holding) this.host.state.commit(revision);
  }

  /**
   * The stream broke or etcd could not be reached: watch again from cursor + 1 after a backoff. A
   * rejected auth token is renewed by the read each attempt starts with (etcd3 renews tokens on reads).
   */
  private lost(error: Error): void {
    this.drop();
    const failure = this.host.sourceError('watching', error);
    if (!failure.recoverable) return this.fail(failure);
    this.reconnecting(failure);
    this.retry(() => this.open());
  }

  /**
   * etcd cancelled the watch: its history was compacted past the cursor (the usual case), or the
   * permission or the auth token went. A fresh read of the prefix resyncs, or says which.
   */
  private canceled(error: Error): void {
    this.drop();
    this.canceledSinceData = true;
    const from = this.host.state.cursor + 1;
    // etcd names no reason when it cancels for a compaction: etcd3's message is then bare.
    const reason = error.message.replace(/^watcher canceled:\s*/i, '') || 'history compacted past it, as a rule';
    this.reconnecting(this.host.sourceError('watching', new Error(`etcd cancelled the watch from revision ${from}: ${reason}`)));
    this.retry(() => void this.resync());
  }

  private async resync(): Promise<void> {
    let read: PrefixRead;
    // The watch is down while this read runs: the cursor cannot move past it.
    const sentAt = this.host.state.cursor;
    try {
      read = await this.host.readPrefix();
    } catch (error) {
      if (this.stopped) return;
      const failure = this.host.sourceError('re-reading', error);
      if (!failure.recoverable) return this.fail(failure);
      this.reconnecting(failure);
      return this.retry(() => void this.resync());
    }
    if (this.stopped) return;
    this.emitResync(read, true, sentAt);
    this.open();
  }

  /**
   * Applies a fresh read: its difference as one batch. A read from another cluster, or below the
   * cursor as it was when the read was sent (`sentAt`), means etcd was restored or replaced: the
   * difference by content, the cursor reset to the read, and an error event that says so.
   */
  private emitResync(read: PrefixRead, always: boolean, sentAt: number): void {
    const mismatch = this.host.state.mismatch(read, sentAt);
    if (mismatch !== undefined) return this.restart(read, mismatch);
    const event = this.host.state.resync(read, always);
    if (!event) return;
    this.subscriber.next(event);
    this.host.state.commit(read.revision);
  }

  private restart(read: PrefixRead, mismatch: string): void {
    const from = this.host.state.cursor;
    const event = this.host.state.restart(read);
    const what = `etcd was restored or replaced (${mismatch}): re-read at revision ${read.revision}, the difference applied as one batch, watching from there (was ${from})`;
    this.subscriber.next({ kind: 'error', error: this.host.sourceError('watching', new Error(what)) });
    if (event) this.subscriber.next(event);
  }

  /** A read after a canary change failed: true, and the session fails, when retrying cannot fix it. */
  private canaryReadFailed(error: unknown): boolean {
    if (this.stopped) return true;
    const failure = this.host.sourceError('re-reading after a canary change,', error);
    if (failure.recoverable) return false;
    this.fail(failure);
    return true;
  }

  private scheduleReconcile(): void {
    if (this.host.reconcileIntervalMs > 0 && !this.stopped) {
      this.reconcileTimer = setTimeout(() => void this.reconcile(), this.host.reconcileIntervalMs);
    }
  }

  /**
   * Compares the prefix at a fresh revision with what was applied; applies any difference. The
   * watch runs on meanwhile: a read that a newer revision overtook is dropped (`resync`), and only
   * one below the cursor as it was when the read was sent counts as a restore.
   */
  private async reconcile(): Promise<void> {
    if (this.established) {
      try {
        const sentAt = this.host.state.cursor;
        const read = await this.host.readPrefix();
        if (this.established && !this.stopped) this.emitResync(read, false, sentAt);
      } catch (error) {
        const failure = this.host.sourceError('reconciling', error);
        if (!failure.recoverable && !this.stopped) return this.fail(failure);
      }
    }
    this.scheduleReconcile();
  }

  private scheduleAccessCheck(): void {
    if (this.host.accessCheckIntervalMs > 0 && !this.stopped) {
      this.accessTimer = setTimeout(() => void this.checkAccess(), this.host.accessCheckIntervalMs);
    }
  }

  /** Fails the session when etcd refuses the source its prefix; other errors are the watch's to notice. */
  private async checkAccess(): Promise<void> {
    if (this.established) {
      try {
        await this.host.checkAccess();
      } catch (error) {
        const failure = this.host.sourceError('checking access to', error);
        if (!failure.recoverable && !this.stopped) return this.fail(failure);
      }
    }
    this.scheduleAccessCheck();
  }

  private reconnecting(error: ConfigSourceError): void {
    this.connected = false;
    this.subscriber.next({ kind: 'state', state: 'reconnecting', error });
  }

  private retry(action: () => void): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(action, backoffDelay(this.attempt++, this.host.retry));
  }

  private fail(error: ConfigSourceError): void {
    this.stop();
    this.subscriber.error(error);
  }

  private drop(): void {
    clearTimeout(this.dialTimer);
    this.window.clear();
    this.established = false;
    this.stream?.close();
    this.stream = undefined;
  }
}

/** The cluster id and revision a watch response's header carries. */
function headerOf(response: IWatchResponse): EtcdAnswerHeader {
  return { revision: Number(response.header.revision), clusterId: String(response.header.cluster_id) };
}
