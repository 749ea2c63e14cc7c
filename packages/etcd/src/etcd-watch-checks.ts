import type { ConfigSourceError } from '@config-center/core';
import type { PrefixRead } from './etcd-prefix-read';
import type { EtcdWatchHost } from './etcd-watch-host.interface';

/** What the periodic checks ask of their watch session. */
export interface EtcdWatchCheckSession {
  /** Whether a watch etcd confirmed is up: the checks run only then. */
  established(): boolean;
  /** Applies a fresh read, its difference as one batch; `sentAt` is the cursor when it was sent. */
  deliver(read: PrefixRead, sentAt: number): void;
  /** Ends the session with what retrying cannot fix. */
  fail(error: ConfigSourceError): void;
}

/**
 * The watch session's periodic checks, each off when its interval is 0: the reconcile (every
 * `reconcileIntervalMs`, the prefix read at a fresh revision and any difference applied, which
 * repairs an event the watch never delivered) and the access check (every `accessCheckIntervalMs`,
 * a count of the prefix, which learns that the read permission was withdrawn while the watch is
 * open). They run only while a watch is established; only what retrying cannot fix ends the session.
 */
export class EtcdWatchChecks {
  private reconcileTimer: NodeJS.Timeout | undefined;
  private accessTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly host: Pick<
      EtcdWatchHost,
      'state' | 'reconcileIntervalMs' | 'accessCheckIntervalMs' | 'readPrefix' | 'checkAccess' | 'sourceError'
    >,
    private readonly session: EtcdWatchCheckSession,
  ) {}

  start(): void {
    this.scheduleReconcile();
    this.scheduleAccessCheck();
  }

  /** Clears both timers; a check under way delivers nothing more. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.accessTimer);
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
    if (this.session.established()) {
      try {
        const sentAt = this.host.state.cursor;
        const read = await this.host.readPrefix();
        if (this.session.established() && !this.stopped) this.session.deliver(read, sentAt);
      } catch (error) {
        const failure = this.host.sourceError('reconciling', error);
        if (!failure.recoverable && !this.stopped) return this.session.fail(failure);
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
    if (this.session.established()) {
      try {
        await this.host.checkAccess();
      } catch (error) {
        const failure = this.host.sourceError('checking access to', error);
        if (!failure.recoverable && !this.stopped) return this.session.fail(failure);
      }
    }
    this.scheduleAccessCheck();
  }
}
