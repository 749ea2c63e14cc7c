import type { Subscription } from 'rxjs';
import { ConfigCenterError, ConfigParseError, ConfigSourceError } from '../errors';
import type { RetryOptions } from '../interfaces/config-center-options.interface';
import type { ConfigBatch, ConfigSource, ConfigSourceEvent, ConfigTree, LoadedConfig } from '../interfaces/config-source.interface';
import type { ConfigSourceStatus } from '../interfaces/config-status.interface';
import { backoffDelay } from '../util/backoff';
import { loadWithin } from './load-within';
import { SourceStanding, type BatchOutcome } from './source-standing';

/** Where a connection hands what its source delivers; nothing of it calls the connection back within an apply. */
export interface SourceHost {
  /**
   * Takes a batch to apply, in turn with the batches of every source. The applier answers with
   * the batch's outcome through `connection.record`, once, before it tells anyone of the batch.
   */
  submit(connection: SourceConnection, batch: ConfigBatch): void;
  /** Reports an error of the source (on `errors$` and the log) and the status it leaves. */
  sourceError(source: string, error: ConfigCenterError): void;
  /** The source moved from state `from` to `to`: the status follows, and the log tells a recovery. */
  stateChanged(source: string, from: ConfigSourceStatus['state'], to: ConfigSourceStatus['state']): void;
}

/**
 * The life of one source inside the store: its first load (with a timeout), retries with backoff
 * while it is down, and its watch, re-subscribed after an error. Where the source stands (what its
 * status shows) is its `SourceStanding`, which it alone writes: from its own life, and from the
 * outcome the applier answers each batch it hands over with.
 */
export class SourceConnection {
  private readonly standing: SourceStanding;
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
  ) {
    this.standing = new SourceStanding(source.name);
  }

  /** Whether it delivered a slice (a load, a batch, or its cached slice) at least once. */
  get delivered(): boolean {
    return this.standing.delivered;
  }

  /** Records what became of a load or a batch it delivered. */
  record(outcome: BatchOutcome): void {
    this.standing.record(outcome);
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
    if (this.standing.state === 'connected' || (this.unreadable && this.source.watch)) this.subscribe();
    else this.scheduleRetry(() => this.reload());
  }

  /** Its first load failed on `cause`: it serves its slice of the last-good cache while it retries, or nothing. */
  failedLoad(cause: Error, cached: { readonly tree: ConfigTree; readonly revision?: string } | undefined): void {
    this.standing.failedLoad(cause, cached);
  }

  status(): ConfigSourceStatus {
    return this.standing.status();
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
        for (const { key, problem } of loaded.problems ?? []) this.reportError(new ConfigParseError(this.name, key, problem));
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
      this.host.submit(this, { kind: 'replace', tree: loaded.tree, revision: loaded.revision });
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
      if (event.error) this.standing.recordError(event.error);
      this.setState(event.state);
    } else if (event.kind === 'error') {
      this.reportError(event.error);
    } else {
      this.attempt = 0;
      this.setState('connected');
      this.host.submit(this, event);
    }
  }

  private reportFailure(error: unknown): void {
    const wrapped =
      error instanceof ConfigCenterError
        ? error
        : new ConfigSourceError(this.name, `failed: ${(error as Error)?.message ?? String(error)}`, true, { cause: error });
    this.standing.recordError(wrapped);
    this.reportError(wrapped);
  }

  /** Reports an error; unreadable input it delivered counts as a rejected update. */
  private reportError(error: ConfigCenterError): void {
    if (error instanceof ConfigParseError) this.standing.rejected(error);
    this.host.sourceError(this.name, error);
  }

  private scheduleRetry(action: () => void): void {
    clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.attempt++, this.retry);
    this.retryTimer = setTimeout(action, delay);
  }

  private setState(state: ConfigSourceStatus['state']): void {
    const from = this.standing.state;
    if (!this.standing.moveTo(state)) return;
    if (state === 'connected') this.attempt = 0;
    this.host.stateChanged(this.name, from, state);
  }
}
