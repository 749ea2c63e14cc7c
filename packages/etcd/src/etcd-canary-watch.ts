import type { RetryOptions } from '@config-center/core';
import { backoffDelay } from '@config-center/core/source-kit';
import type { PrefixRead } from './etcd-prefix-read';
import type { EtcdWatchStream, EtcdWatchStreamHandlers } from './etcd-watch-stream';

/** What a canary watch needs from its watch session. */
export interface EtcdCanaryWatchHost {
  openCanaryStream(revision: number, handlers: EtcdWatchStreamHandlers): EtcdWatchStream;
  /** The revision the session applied last: the canary watch (re)opens after it. */
  cursor(): number;
  /** The prefix and this instance's canary overlay, read at one revision. */
  readPrefix(): Promise<PrefixRead>;
  /** Delivers the difference of `read` as one batch; `sentAt` is the cursor when the read was sent. */
  deliver(read: PrefixRead, sentAt: number): void;
  /** A read failed: true when retrying cannot fix it (the session ended), false to retry with backoff. */
  failed(error: unknown): boolean;
  readonly retry: RetryOptions;
}

/**
 * Watches an instance's canary record (`<controlPrefix>canary/release`) beside the watch of its
 * prefix, and applies each change of it — and whatever it may have missed while its stream was down
 * — by one read of the prefix and the record at one revision, whose difference the session delivers
 * as one batch. A read that the prefix's watch overtook meanwhile is read again; a change during a
 * read asks for another; a failed read is retried with backoff. So a promote (the prefix's keys and
 * the record's removal in one revision) or an abort reaches the instance as one swap.
 */
export class EtcdCanaryWatch {
  private stream: EtcdWatchStream | undefined;
  private streamTimer: NodeJS.Timeout | undefined;
  private readTimer: NodeJS.Timeout | undefined;
  private streamAttempt = 0;
  private readAttempt = 0;
  private reading = false;
  private readAgain = false;
  private stopped = false;

  constructor(private readonly host: EtcdCanaryWatchHost) {}

  start(): void {
    this.open(false);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.streamTimer);
    clearTimeout(this.readTimer);
    this.stream?.close();
    this.stream = undefined;
  }

  private open(reopened: boolean): void {
    if (this.stopped) return;
    this.stream = this.host.openCanaryStream(this.host.cursor() + 1, {
      confirmed: () => {
        this.streamAttempt = 0;
        if (reopened) void this.read();
      },
      received: (response) => {
        if (response.events.length) void this.read();
      },
      canceled: () => this.reopen(),
      broken: () => this.reopen(),
    });
  }

  /** The stream is gone: another after a backoff, which reads once confirmed, for what it missed. */
  private reopen(): void {
    this.stream?.close();
    this.stream = undefined;
    clearTimeout(this.streamTimer);
    this.streamTimer = setTimeout(() => this.open(true), backoffDelay(this.streamAttempt++, this.host.retry));
  }

  private async read(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.readAgain = false;
        const sentAt = this.host.cursor();
        const read = await this.host.readPrefix();
        if (this.stopped) return;
        if (read.revision < this.host.cursor()) this.readAgain = true;
        else this.host.deliver(read, sentAt);
      } while (this.readAgain && !this.stopped);
      this.readAttempt = 0;
    } catch (error) {
      if (this.stopped || this.host.failed(error)) return;
      clearTimeout(this.readTimer);
      this.readTimer = setTimeout(() => void this.read(), backoffDelay(this.readAttempt++, this.host.retry));
    } finally {
      this.reading = false;
    }
  }
}
