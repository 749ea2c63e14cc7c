import { EMPTY, Observable, type Subscriber } from 'rxjs';
import {
  ConfigSourceClosedError,
  ConfigSourceError,
  type ConfigSource,
  type ConfigSourceEvent,
  type LoadedConfig,
} from '@config-center/core';
import { backoffDelay } from '@config-center/core/source-kit';
import type { NacosConfigSourceOptions } from './nacos-config-source-options.interface';
import type { NacosRound } from './nacos-config-state';
import { resolveNacosOptions, type ResolvedNacosOptions } from './nacos-options';
import { NacosSession } from './nacos-session';

/**
 * Serves Nacos dataIds as a config source over the Nacos 2.x/3.x gRPC client protocol: each
 * dataId a document by its extension, merged in order at its path. It listens with the md5 of
 * what it applied, acks each push, queries what changed and delivers each round as one batch; a
 * re-listen every `relistIntervalMs` catches a lost push, and a reconnect (a new channel, the next
 * server of the list) re-listens at once.
 *
 * @example
 * ```ts
 * new NacosConfigSource({ servers: ['10.0.0.1:8848'], namespace: 'prod', dataIds: ['orders.yaml', 'shared.properties'] });
 * ```
 */
export class NacosConfigSource implements ConfigSource {
  readonly name: string;
  private readonly options: ResolvedNacosOptions;
  private readonly session: NacosSession;
  private readonly lifetime = new AbortController();
  private readonly watches = new Set<Subscriber<ConfigSourceEvent>>();

  constructor(options: NacosConfigSourceOptions) {
    this.options = resolveNacosOptions(options);
    this.name = this.options.name;
    this.session = new NacosSession(this.options);
  }

  /** Connects (if not yet), listens and reads every dataId; an unreadable one is left out and reported. */
  async load(): Promise<LoadedConfig> {
    if (this.lifetime.signal.aborted) throw new ConfigSourceClosedError(this.name);
    const round = await this.session.round(true);
    const problems = round.kind === 'apply' ? round.problems : [];
    return { tree: this.session.state.tree(), revision: this.session.state.revision(), problems };
  }

  /**
   * Follows pushes and re-listens; emits one batch per round that changed something, and state
   * events. A connection quiet for `healthCheckIntervalMs` is health-checked, so a server that went
   * silent is left for the next one without waiting for the re-listen.
   */
  watch(): Observable<ConfigSourceEvent> {
    if (this.lifetime.signal.aborted) return EMPTY;
    return new Observable<ConfigSourceEvent>((subscriber) => {
      const controller = new AbortController();
      this.watches.add(subscriber);
      this.follow(subscriber, controller.signal).catch((error: unknown) => subscriber.error(error));
      return () => {
        controller.abort();
        this.watches.delete(subscriber);
      };
    });
  }

  /** Closes the connection and completes every watch. */
  async close(): Promise<void> {
    this.lifetime.abort();
    for (const subscriber of [...this.watches]) subscriber.complete();
    this.watches.clear();
    this.session.disconnect();
  }

  private async follow(subscriber: Subscriber<ConfigSourceEvent>, signal: AbortSignal): Promise<void> {
    let failures = 0;
    let healthy = true;
    let nextRelist = Date.now() + this.options.relistIntervalMs;
    const stopped = () => signal.aborted || this.lifetime.signal.aborted;
    while (!stopped()) {
      if (failures === 0 && !this.session.hasWork) {
        const healthAt = this.session.lastActiveAt + this.options.healthCheckIntervalMs;
        await this.pause(Math.max(0, Math.min(nextRelist, healthAt) - Date.now()), signal, true);
        if (stopped()) return;
        if (Date.now() >= nextRelist) this.session.relistNext();
      }
      if (Date.now() >= nextRelist) nextRelist = Date.now() + this.options.relistIntervalMs;
      try {
        // Woken with nothing to do: the connection has been quiet for the health-check interval.
        const round = this.session.hasWork ? await this.session.round(false) : await this.session.healthCheck();
        if (stopped()) return;
        failures = 0;
        if (!healthy) subscriber.next({ kind: 'state', state: 'connected' });
        healthy = true;
        this.emit(subscriber, round);
      } catch (error) {
        if (stopped()) return;
        if (!(error instanceof ConfigSourceError) || !error.recoverable) throw error;
        this.session.disconnect();
        if (healthy) subscriber.next({ kind: 'state', state: 'reconnecting', error });
        healthy = false;
        await this.pause(backoffDelay(failures++, this.options.retry), signal, false);
      }
    }
  }

  private emit(subscriber: Subscriber<ConfigSourceEvent>, round: NacosRound): void {
    if (round.kind === 'apply') subscriber.next({ kind: 'replace', tree: round.tree, revision: this.session.state.revision() });
    else if (round.kind === 'held') subscriber.next({ kind: 'error', error: round.error });
  }

  /** Waits `ms`, until the signal aborts or, with `wakeable`, until the session has work. */
  private pause(ms: number, signal: AbortSignal, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.lifetime.signal.removeEventListener('abort', done);
        removeWaker();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const removeWaker = wakeable ? this.session.onWork(done) : () => undefined;
      signal.addEventListener('abort', done, { once: true });
      this.lifetime.signal.addEventListener('abort', done, { once: true });
    });
  }
}
