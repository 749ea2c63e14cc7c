import type { Subscriber } from 'rxjs';
import { ConfigSourceError, type ConfigSourceEvent, type RetryOptions } from '@config-center/core';
import { backoffDelay, heldBackError, type WholeRead } from '@config-center/core/source-kit';
import { advanceCursor, type ConsulIndexCursor, type ConsulListResult } from './consul-index-cursor';
import type { TokenBucket } from './token-bucket';

/** What a watch loop shares with its source: the cursor, the connection state and the client. */
export interface ConsulWatchHost {
  /** The source's name, for the errors it reports. */
  readonly name: string;
  cursor: ConsulIndexCursor;
  /** False from a failed query until the next one succeeds; shared by every watch of the source. */
  healthy: boolean;
  readonly bucket: TokenBucket;
  readonly retry: RetryOptions;
  /** Every so often a full, non-blocking read instead of the blocking query; 0: never. */
  readonly fullReadIntervalMs: number;
  list(index: number, signal: AbortSignal): Promise<ConsulListResult>;
  /** The batch a changed listing makes: its tree, or `held` with the keys it made unreadable. */
  batchOf(result: ConsulListResult): WholeRead;
}

/**
 * One subscription's blocking-query loop. Each query waits for a token of the host's bucket (no
 * busy loop, however fast Consul returns) and, after a failure, for a backoff with jitter; queries
 * never overlap. A response that changed the keys becomes exactly one `replace` batch, or one
 * `error` when it is held back for a key it made unreadable; one that did not becomes nothing. A failure reports `reconnecting` once and makes the next query a full,
 * non-blocking re-read, so the recovery is reported (`connected`) and reconciled at once.
 */
export class ConsulWatchLoop {
  private failures = 0;
  private nextFullRead = Infinity;

  constructor(
    private readonly host: ConsulWatchHost,
    private readonly subscriber: Subscriber<ConfigSourceEvent>,
    private readonly signal: AbortSignal,
  ) {}

  /** Runs until the signal aborts or a failure that retrying cannot fix (it errors the subscriber). */
  async run(): Promise<void> {
    if (this.host.fullReadIntervalMs > 0) this.nextFullRead = Date.now() + this.host.fullReadIntervalMs;
    while (!this.signal.aborted) {
      const delay = Math.max(this.host.bucket.take(), this.failures ? backoffDelay(this.failures - 1, this.host.retry) : 0);
      if (delay > 0 && !(await sleep(delay, this.signal))) return;
      const full = this.fullReadDue();
      const cursor = full ? { ...this.host.cursor, index: 0 } : this.host.cursor;
      const query = this.querySignal(!full && cursor.index > 0);
      let result: ConsulListResult;
      try {
        result = await this.host.list(cursor.index, query.signal);
      } catch (error) {
        if (this.signal.aborted) return;
        if (query.endedForFullRead()) continue;
        if (!this.onFailure(cursor, error)) return;
        continue;
      } finally {
        query.done();
      }
      if (this.signal.aborted) return;
      this.onResponse(cursor, result);
    }
  }

  /** Whether this query is the periodic full read; if so, the next one is due an interval later. */
  private fullReadDue(): boolean {
    if (Date.now() < this.nextFullRead) return false;
    this.nextFullRead = Date.now() + this.host.fullReadIntervalMs;
    return true;
  }

  /**
   * The query's signal: the loop's, and for a blocking query while full reads are on, one that also
   * ends when the next full read falls due. A non-blocking read is never cut short by the timer.
   */
  private querySignal(blocking: boolean): { signal: AbortSignal; endedForFullRead(): boolean; done(): void } {
    if (!blocking || this.nextFullRead === Infinity) return { signal: this.signal, endedForFullRead: () => false, done: () => undefined };
    const query = new AbortController();
    let due = false;
    const onAbort = () => query.abort();
    this.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => {
        due = true;
        query.abort();
      },
      Math.max(0, this.nextFullRead - Date.now()),
    );
    return {
      signal: query.signal,
      endedForFullRead: () => due,
      done: () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
      },
    };
  }

  private onResponse(sent: ConsulIndexCursor, result: ConsulListResult): void {
    const step = advanceCursor(sent, result);
    this.host.cursor = step.cursor;
    this.failures = 0;
    if (!this.host.healthy) {
      this.host.healthy = true;
      this.subscriber.next({ kind: 'state', state: 'connected' });
    }
    if (step.kind !== 'changed') return;
    const batch = this.host.batchOf(result);
    const revision = String(step.cursor.index);
    if (!batch.held) this.subscriber.next({ kind: 'replace', tree: batch.tree, revision });
    else this.subscriber.next({ kind: 'error', error: heldBackError(this.host.name, batch.problems, `index ${revision} not applied`) });
  }

  /** Returns whether to go on: yes after a recoverable failure, no after one that errored the watch. */
  private onFailure(sent: ConsulIndexCursor, error: unknown): boolean {
    this.host.cursor = { ...sent, index: 0 };
    const wasHealthy = this.host.healthy;
    this.host.healthy = false;
    if (!(error instanceof ConfigSourceError) || !error.recoverable) {
      this.subscriber.error(error);
      return false;
    }
    this.failures++;
    if (wasHealthy) this.subscriber.next({ kind: 'state', state: 'reconnecting', error });
    return true;
  }
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts; leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
