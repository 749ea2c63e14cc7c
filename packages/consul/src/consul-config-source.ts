import { EMPTY, type Observable } from 'rxjs';
import { ConfigSourceClosedError, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';
import { AbortableWatches } from '@config-center/core/source-kit';
import type { ConsulConfigSourceOptions } from './consul-config-source-options.interface';
import { START_CURSOR, advanceCursor } from './consul-index-cursor';
import { ConsulKvClient } from './consul-kv-client';
import { ConsulKvBatches } from './consul-kv-mapping';
import { resolveConsulOptions, type ResolvedConsulOptions } from './consul-options';
import { ConsulWatchLoop, type ConsulWatchHost } from './consul-watch-loop';
import { TokenBucket } from './token-bucket';

/**
 * Serves a Consul KV prefix as a config source and follows it with blocking queries
 * (`GET /v1/kv/<prefix>?recurse&index=N&wait=…`), applying every rule of Consul's blocking-query
 * documentation: a return is not a change (keys' `ModifyIndex`es are compared), an index that goes
 * backwards resets to 0 and re-reads everything, an index below 1 counts as 1, re-queries are paced
 * by a token bucket and failures by backoff with jitter. Each response that changed something is
 * one batch, applied by the core as one swap. Keys map to the tree as DESIGN.md section 4 says.
 *
 * @example
 * ```ts
 * ConfigCenterModule.forRoot({
 *   sources: [new ConsulConfigSource({ url: 'https://127.0.0.1:8501', prefix: 'configs/orders/', token, tls: { ca } })],
 *   sections: [RateLimitConfig],
 * });
 * ```
 */
export class ConsulConfigSource implements ConfigSource {
  readonly name: string;
  private readonly options: ResolvedConsulOptions;
  private readonly client: ConsulKvClient;
  /** The cursor, connection state and pacing shared by `load()` and every watch. */
  private readonly host: ConsulWatchHost;
  private readonly lifetime = new AbortController();
  private readonly watches = new AbortableWatches();
  /** The keys as last listed, for the held-back rule: a key whose new value cannot be read keeps its last good one. */
  private readonly batches: ConsulKvBatches;

  constructor(options: ConsulConfigSourceOptions) {
    this.options = resolveConsulOptions(options);
    this.name = this.options.name;
    const client = new ConsulKvClient(this.options);
    this.client = client;
    this.batches = new ConsulKvBatches(this.options.prefix);
    this.host = {
      cursor: START_CURSOR,
      healthy: true,
      bucket: new TokenBucket(this.options.burst, this.options.perSecond),
      retry: this.options.retry,
      fullReadIntervalMs: this.options.fullReadIntervalMs,
      list: (index, signal) => client.list(index, signal),
      name: this.name,
      batchOf: (result) => this.batches.next(result.entries),
    };
  }

  /** Reads the whole prefix, without blocking; the watch then blocks on the index it returned. */
  async load(): Promise<LoadedConfig> {
    if (this.lifetime.signal.aborted) throw new ConfigSourceClosedError(this.name);
    const result = await this.client.list(0, this.lifetime.signal);
    const { tree, problems } = this.batches.load(result.entries);
    this.host.cursor = advanceCursor(START_CURSOR, result).cursor;
    this.host.healthy = true;
    return { tree, revision: String(this.host.cursor.index), problems };
  }

  /**
   * Follows the prefix from the index of the last load or batch. Emits a `replace` batch for each
   * response that changed a key, `state` events as the agent is lost and found again, and one
   * `error` event instead of the batch for a response that changed a key to one that cannot be read
   * (a malformed document; the response is held back whole, see `ConsulKvBatches`); errors only on a failure that
   * retrying cannot fix (403). Completes on `close()`.
   */
  watch(): Observable<ConfigSourceEvent> {
    if (this.lifetime.signal.aborted) return EMPTY;
    return this.watches.watch((subscriber, signal) => new ConsulWatchLoop(this.host, subscriber, signal).run());
  }

  /** Ends every pending blocking query at once, completes every watch and closes the connections. */
  async close(): Promise<void> {
    this.lifetime.abort();
    this.watches.closeAll();
    this.client.close();
  }
}
