import { backoffDelay, type RetryOptions } from '@config-center/core/source-kit';
import { EtcdLeaseInvalidError, type Lease, type Namespace } from 'etcd3';

/** How a leased record is kept. */
export interface LeasedRecordSettings {
  readonly ttlSeconds: number;
  /** The least time between two writes; changes in between are coalesced into one write of the latest. */
  readonly minWriteIntervalMs: number;
  /** Deadline of each write, and of the revoke on close (the TTL when that is shorter). */
  readonly requestTimeoutMs: number;
  /** Backoff after a failed write or grant. */
  readonly retry: RetryOptions;
  /** Told once per streak of failed writes. */
  readonly onError: (error: Error) => void;
}

/**
 * One key held by an etcd lease, written with the latest text it was given: the first change at
 * once, later ones at most once per `minWriteIntervalMs` (a burst ends in one write of the last
 * state), and nothing when the text did not change. etcd3 keeps the lease alive; when the lease is
 * lost (etcd restarted on a wiped data dir, a network cut longer than the TTL) a new one is granted
 * and the record written again. `close()` revokes the lease, which deletes the key at once.
 */
export class LeasedRecord {
  private lease: Lease | undefined;
  private latest: string | undefined;
  /** The text on etcd under the current lease. */
  private written: string | undefined;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private notBefore = 0;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly client: Namespace,
    private readonly key: string,
    private readonly settings: LeasedRecordSettings,
  ) {}

  /** Makes `text` the record's content: written now, or coalesced with what follows it. */
  set(text: string): void {
    this.latest = text;
    this.schedule();
  }

  /**
   * Stops writing and revokes the lease: etcd deletes the key at once. A write still in flight
   * cannot outlive it (a put under a revoked lease fails). With etcd unreachable, it gives up after
   * the TTL at most — the lease expires by then anyway.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    const waitMs = Math.min(this.settings.requestTimeoutMs, this.settings.ttlSeconds * 1000);
    await lease?.revoke({ deadline: Date.now() + waitMs });
  }

  private schedule(): void {
    if (this.closed || this.writing || this.timer || this.latest === undefined || this.latest === this.written) return;
    const wait = this.notBefore - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    this.writing = this.write(this.latest).finally(() => {
      this.writing = undefined;
      this.schedule();
    });
  }

  private async write(text: string): Promise<void> {
    const lease = (this.lease ??= this.grant());
    try {
      await lease
        .put(this.key)
        .value(text)
        .options({ deadline: Date.now() + this.settings.requestTimeoutMs })
        .exec();
      this.written = text;
      this.failures = 0;
      this.notBefore = Date.now() + this.settings.minWriteIntervalMs;
    } catch (error) {
      if (error instanceof EtcdLeaseInvalidError || lease.revoked()) this.drop(lease);
      if (this.failures++ === 0) this.settings.onError(new Error(`writing ${this.key} failed: ${(error as Error).message}`));
      this.notBefore = Date.now() + backoffDelay(this.failures - 1, this.settings.retry);
    }
  }

  /** A new lease; when etcd3 reports it lost, the record is written again under another. */
  private grant(): Lease {
    const lease = this.client.lease(this.settings.ttlSeconds);
    lease.on('lost', () => {
      if (this.lease !== lease) return;
      this.drop(lease);
      this.schedule();
    });
    return lease;
  }

  private drop(lease: Lease): void {
    if (this.lease !== lease) return;
    this.lease = undefined;
    this.written = undefined;
    lease.release();
  }
}
