import type { ConfigSourceError, ConfigSourceEvent } from '@config-center/core';
import { backoffDelay } from '@config-center/core/source-kit';
import type { IWatchResponse } from 'etcd3';
import type { Subscriber } from 'rxjs';
import { EtcdCanaryWatch } from './etcd-canary-watch';
import { EtcdRevisionWindow, groupByRevision } from './etcd-revision-batches';
import type { PrefixRead } from './etcd-prefix-read';
import { EtcdWatchAttempt } from './etcd-watch-attempt';
import { EtcdWatchChecks } from './etcd-watch-checks';
import type { EtcdWatchHost } from './etcd-watch-host.interface';
import { EtcdWatchOutput } from './etcd-watch-output';

/**
 * One subscription to `EtcdConfigSource.watch()`: the cursor-driven watch loop. A watch from
 * cursor + 1; revisions that arrive together emitted as one batch (a lone response at once, a
 * backlog once per event-loop turn: `EtcdRevisionWindow`, `EtcdSyncState`), then the cursor moved
 * past them; after a stream error or end, or a watch etcd does not confirm in time, a new watch
 * from cursor + 1 with backoff; after etcd cancels the watch (compaction), a fresh read of the
 * prefix, its difference as one batch, and a watch from the read's revision + 1; when configured,
 * a periodic reconcile, and a periodic access check (a withdrawn permission). It errors only for
 * what retrying alone cannot fix (permission denied). One watch is an `EtcdWatchAttempt`; what the
 * subscriber is told, and the cursor moved with it, is the `EtcdWatchOutput`'s; the periodic
 * reconcile and access check are the `EtcdWatchChecks`.
 *
 * An instance that reports itself also watches its canary record (`EtcdCanaryWatch`): each change
 * of it is applied by one read of the prefix and the record at one revision, its difference one
 * batch, re-read when the prefix's watch overtook it meanwhile.
 */
export class EtcdWatchSession {
  private watch: EtcdWatchAttempt | undefined;
  private stopped = false;
  private attempt = 0;
  private canceledSinceData = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly canary: EtcdCanaryWatch | undefined;
  private readonly output: EtcdWatchOutput;
  private readonly checks: EtcdWatchChecks;
  private readonly window = new EtcdRevisionWindow((revisions) => this.output.revisions(revisions, () => this.stopped));

  constructor(
    private readonly host: EtcdWatchHost,
    subscriber: Subscriber<ConfigSourceEvent>,
  ) {
    this.output = new EtcdWatchOutput(host, subscriber);
    this.checks = new EtcdWatchChecks(host, {
      established: () => this.watch?.established ?? false,
      deliver: (read, sentAt) => this.output.read(read, false, sentAt),
      fail: (failure) => this.fail(failure),
    });
    const { openCanaryStream, retry } = host;
    if (openCanaryStream) {
      this.canary = new EtcdCanaryWatch({
        openCanaryStream: (revision, handlers) => openCanaryStream.call(host, revision, handlers),
        cursor: () => host.state.cursor,
        readPrefix: () => host.readPrefix(),
        deliver: (read, sentAt) => !this.stopped && this.output.read(read, false, sentAt),
        failed: (error) => this.canaryReadFailed(error),
        retry,
      });
    }
  }

  start(): void {
    this.open();
    this.canary?.start();
    this.checks.start();
  }

  /** Stops, and completes the subscriber: the source is closing. */
  end(): void {
    this.stop();
    this.output.complete();
  }

  /** Stops every timer and ends the stream. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.checks.stop();
    this.canary?.stop();
    this.drop();
  }

  private open(): void {
    if (this.stopped) return;
    this.watch = new EtcdWatchAttempt(this.host, {
      confirmed: () => this.confirmed(),
      received: (response) => this.receive(response),
      progressed: (revision) => this.progressed(revision),
      canceled: (error) => this.canceled(error),
      lost: (error) => this.lost(error),
      mismatched: (mismatch) => this.mismatched(mismatch),
    });
  }

  /**
   * A response named another cluster or a revision below the cursor: the watch is dropped and the
   * prefix re-read to find out.
   */
  private mismatched(mismatch: string): void {
    this.drop();
    this.output.reconnecting(this.host.sourceError('watching', new Error(`etcd answered with ${mismatch}; re-reading the prefix`)));
    // With backoff: a lagging member could otherwise send the source round this loop at once, again and again.
    this.retry(() => void this.resync());
  }

  private confirmed(): void {
    // A watch etcd keeps cancelling right after confirming it must still back off.
    if (!this.canceledSinceData) this.attempt = 0;
    this.output.confirmed();
  }

  private receive(response: IWatchResponse): void {
    this.attempt = 0;
    this.canceledSinceData = false;
    this.window.add(groupByRevision(response, this.host.eventPrefix));
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
    this.output.reconnecting(failure);
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
    this.output.reconnecting(this.host.sourceError('watching', new Error(`etcd cancelled the watch from revision ${from}: ${reason}`)));
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
      this.output.reconnecting(failure);
      return this.retry(() => void this.resync());
    }
    if (this.stopped) return;
    this.output.read(read, true, sentAt);
    this.open();
  }

  /** A read after a canary change failed: true, and the session fails, when retrying cannot fix it. */
  private canaryReadFailed(error: unknown): boolean {
    if (this.stopped) return true;
    const failure = this.host.sourceError('re-reading after a canary change,', error);
    if (failure.recoverable) return false;
    this.fail(failure);
    return true;
  }

  private retry(action: () => void): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(action, backoffDelay(this.attempt++, this.host.retry));
  }

  private fail(error: ConfigSourceError): void {
    this.stop();
    this.output.fail(error);
  }

  private drop(): void {
    this.window.clear();
    this.watch?.close();
    this.watch = undefined;
  }
}
