import type { RetryOptions } from '@config-center/core';
import { backoffDelay } from '@config-center/core/source-kit';
import type { EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';

/** What a canary watch needs: a stream on the canary record from a revision, and what to do on a change. */
export interface EtcdCanaryWatchHost {
  openCanaryStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** The revision to watch from when (re)opening: the one after the source's cursor. */
  readonly from: () => number;
  /** The canary record changed, or may have while the watch was down: read the prefix and the record again. */
  readonly changed: () => void;
  readonly retry: RetryOptions;
}

/**
 * Watches an instance's canary record (`<controlPrefix>canary/release`) beside the watch of its
 * prefix. It does not apply anything itself: any change of the record, and any reopening after the
 * stream broke or etcd cancelled it, asks the session for one read of the prefix and the record at
 * one revision, whose difference is delivered as one batch. So a promote (the prefix's keys and the
 * record's removal in one revision) or an abort reaches the instance as one swap.
 */
export class EtcdCanaryWatch {
  private stream: EtcdWatchStream | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly host: EtcdCanaryWatchHost) {}

  start(): void {
    this.open(false);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stream?.close();
    this.stream = undefined;
  }

  private open(reopened: boolean): void {
    if (this.stopped) return;
    this.stream = this.host.openCanaryStream(this.host.from(), {
      confirmed: () => {
        this.attempt = 0;
        if (reopened) this.host.changed();
      },
      received: (response) => {
        if (response.events.length) this.host.changed();
      },
      canceled: () => this.reopen(),
      broken: () => this.reopen(),
    });
  }

  /** The stream is gone: open another after a backoff; it asks for a read once confirmed, for what it missed. */
  private reopen(): void {
    this.stream?.close();
    this.stream = undefined;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(true), backoffDelay(this.attempt++, this.host.retry));
  }
}
