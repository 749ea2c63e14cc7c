import type { Subscription } from 'rxjs';
import { ConfigCenterError, ConfigParseError, ConfigSourceError } from '../errors';
import type { RetryOptions } from '../interfaces/config-center-options.interface';
import type { ConfigBatch, ConfigSource, ConfigSourceEvent, ConfigTree, LoadedConfig } from '../interfaces/config-source.interface';
import type { ConfigSourceStatus } from '../interfaces/config-status.interface';
import { backoffDelay } from '../util/backoff';
import { loadWithin } from './load-within';

/** What a connection reports to the store that owns it. */
export interface SourceHost {
  applyBatch(connection: SourceConnection, batch: ConfigBatch): void;
  reportSourceError(connection: SourceConnection, error: ConfigCenterError): void;
  stateChanged(): void;
}

/**
 * The life of one source inside the store: its first load (with a timeout), retries with backoff
 * while it is down, and its watch, re-subscribed after an error. It also keeps the source's raw
 * slice — the backend's latest state, including updates the store rejected — and what its status
 * shows.
 */
export class SourceConnection {
  private currentState: ConfigSourceStatus['state'] = 'connected';
  private rawSlice: ConfigTree = Object.freeze({});
  private hasDelivered = false;
  private appliedRevision: string | undefined;
  private receivedRevision: string | undefined;
  private lastError: ConfigSourceStatus['lastError'];
  private rejectedUpdates = 0;
  private reconnects = 0;
  private pendingLoad: Promise<LoadedConfig> | undefined;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  /** Its first load threw a `ConfigParseError`: the backend answered, its content could not be read. */
  private unreadable = false;
  private closed = false;

  constructor(
    readonly source: ConfigSource,
    readonly index: number,
    private readonly host: SourceHost,
    private readonly retry: RetryOptions,
  ) {}

  /** The backend's latest state as this source delivered it, rejected updates included. */
  get raw(): ConfigTree {
    return this.rawSlice;
  }

  get state(): ConfigSourceStatus['state'] {
    return this.currentState;
  }

  /** Whether it delivered a slice (a load, a batch, or its cached slice) at least once. */
  get delivered(): boolean {
    return this.hasDelivered;
  }

  /** The revision of the last applied batch. */
  get revision(): string | undefined {
    return this.appliedRevision;
  }

  /** Takes in what a load or batch delivered; its revision counts as applied once `applied` says so. */
  received(raw: ConfigTree, revision: string | undefined): void {
    this.rawSlice = raw;
    this.hasDelivered = true;
    if (revision !== undefined) this.receivedRevision = revision;
  }

  /** The last delivered batch was applied. */
  applied(): void {
    this.appliedRevision = this.receivedRevision;
  }

  /** Its last error is over: what it delivered last applied whole and nothing it sent is held back. */
  recovered(): void {
    this.lastError = undefined;
  }

  /** Counts a rejected update and remembers why. */
  rejected(error: Error): void {
    this.rejectedUpdates++;
    this.recordError(error);
  }

  /** Serves the source's slice of the last-good cache while it retries. */
  serveCached(slice: ConfigTree, revision: string | undefined, cause: Error): void {
    this.rawSlice = slice;
    this.hasDelivered = true;
    this.appliedRevision = this.receivedRevision = revision;
    this.fail('cached', cause);
  }

  get name(): string {
    return this.source.name;
  }

  /** The first load, bounded by `timeoutMs`. A load that times out is kept and awaited on retry. */
  async initialLoad(timeoutMs: number): Promise<LoadedConfig> {
    try {
      return await loadWithin(this.loadOnce(), timeoutMs, this.name);
    } catch (error) {
      // The source's own load threw on what the backend holds (a YAML typo), not on reaching it.
      this.unreadable = error instanceof ConfigParseError;
      throw error;
    }
  }

  /**
   * Starts watching when connected, or when its load failed on unreadable content (the backend
   * answered: the fix comes as a change, which the watch delivers at once); otherwise retries the
   * load with backoff.
   */
  start(): void {
    if (this.currentState === 'connected' || (this.unreadable && this.source.watch)) this.subscribe();
    else this.scheduleRetry(() => this.reload());
  }

  fail(state: 'cached' | 'failed', error: Error): void {
    this.currentState = state;
    this.recordError(error);
  }

  recordError(error: Error): void {
    this.lastError = { message: error.message, at: new Date() };
  }

  status(): ConfigSourceStatus {
    const { name, currentState: state, appliedRevision: revision, receivedRevision, lastError, rejectedUpdates, reconnects } = this;
    return { name, state, revision, receivedRevision, lastError, rejectedUpdates, reconnects };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
    await this.source.close();
  }

  /** One load at a time; the keys it left out are reported, each naming the key, never its value. */
  private loadOnce(): Promise<LoadedConfig> {
    this.pendingLoad ??= this.source
      .load()
      .then((loaded) => {
        for (const { key, problem } of loaded.problems ?? [])
          this.host.reportSourceError(this, new ConfigParseError(this.name, key, problem));
        return loaded;
      })
      .finally(() => (this.pendingLoad = undefined));
    return this.pendingLoad;
  }

  private async reload(): Promise<void> {
    try {
      const loaded = await this.loadOnce();
      if (this.closed) return;
      this.setState('connected');
      this.host.applyBatch(this, { kind: 'replace', tree: loaded.tree, revision: loaded.revision });
      this.subscribe();
    } catch (error) {
      if (this.closed) return;
      this.reportFailure(error);
      this.scheduleRetry(() => this.reload());
    }
  }

  private subscribe(): void {
    if (!this.source.watch || this.closed) return;
    this.subscription = this.source.watch().subscribe({
      next: (event) => this.onEvent(event),
      error: (error: unknown) => {
        if (this.closed) return;
        // A source that says retrying alone will not help (permission denied) shows as failed; it is retried all the same.
        this.setState(error instanceof ConfigSourceError && !error.recoverable ? 'failed' : 'reconnecting');
        this.reportFailure(error);
        this.scheduleRetry(() => this.subscribe());
      },
      complete: () => {
        if (!this.closed) this.scheduleRetry(() => this.subscribe());
      },
    });
  }

  /** Handles one event of the watch; whatever it throws is reported, never thrown into the stream. */
  private onEvent(event: ConfigSourceEvent): void {
    if (this.closed) return;
    try {
      this.handle(event);
    } catch (error) {
      this.reportFailure(error);
    }
  }

  private handle(event: ConfigSourceEvent): void {
    if (event.kind === 'state') {
      if (event.error) this.recordError(event.error);
      this.setState(event.state);
    } else if (event.kind === 'error') {
      this.host.reportSourceError(this, event.error);
    } else {
      this.attempt = 0;
      if (this.currentState !== 'connected') this.setState('connected');
      this.host.applyBatch(this, event);
    }
  }

  private reportFailure(error: unknown): void {
    const wrapped =
      error instanceof ConfigCenterError
        ? error
        : new ConfigSourceError(this.name, `failed: ${(error as Error)?.message ?? String(error)}`, true, { cause: error });
    this.recordError(wrapped);
    this.host.reportSourceError(this, wrapped);
  }

  private scheduleRetry(action: () => void): void {
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, this.retry);
    this.retryTimer = setTimeout(action, delay);
  }

  /** A source back to `connected` leaves the error that took it away behind. */
  private setState(state: ConfigSourceStatus['state']): void {
    if (this.currentState === state) return;
    if (this.currentState === 'connected' && state === 'reconnecting') this.reconnects++;
    this.currentState = state;
    if (state === 'connected') {
      this.attempt = 0;
      this.lastError = undefined;
    }
    this.host.stateChanged();
  }
}
