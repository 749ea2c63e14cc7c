import { EMPTY, type Observable } from 'rxjs';
import { ConfigSourceClosedError, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';
import { AbortableWatches } from '@config-center/core/source-kit';
import type { ApolloConfigSourceOptions } from './apollo-config-source-options.interface';
import { ApolloConfigReader } from './apollo-config-reader';
import { ApolloHttpClient } from './apollo-http-client';
import { ApolloNamespaceMapping } from './apollo-namespace-mapping';
import { ApolloNamespaces } from './apollo-namespaces';
import { resolveApolloOptions, type ResolvedApolloOptions } from './apollo-options';
import { ApolloWatchLoop, type ApolloWatchHost } from './apollo-watch-loop';

/**
 * Serves an Apollo app's namespaces as a config source, by the client protocol of Apollo's "other
 * language client" guide: `load()` reads every namespace from `/configs`; `watch()` long-polls
 * `/notifications/v2` and re-reads the namespaces an answer names with their last release key, as
 * one batch (one swap). Properties namespaces map their dotted keys to paths, `*.yaml`/`*.json`
 * namespaces their document to the root; later namespaces override earlier ones. With `secret`,
 * every request carries Apollo's access-key signature.
 *
 * @example
 * ```ts
 * ConfigCenterModule.forRoot({
 *   sources: () => [new ApolloConfigSource({ configServerUrl: 'http://127.0.0.1:8080', appId: 'orders',
 *     namespaces: ['application', 'shared.yaml'], secret: process.env.APOLLO_ACCESS_KEY })],
 *   sections: [RateLimitConfig],
 * });
 * ```
 */
export class ApolloConfigSource implements ConfigSource {
  readonly name: string;
  private readonly options: ResolvedApolloOptions;
  private readonly client: ApolloHttpClient;
  private readonly host: ApolloWatchHost;
  private readonly lifetime = new AbortController();
  private readonly watches = new AbortableWatches();

  constructor(options: ApolloConfigSourceOptions) {
    this.options = resolveApolloOptions(options);
    this.name = this.options.name;
    this.client = new ApolloHttpClient(this.options);
    this.host = {
      name: this.name,
      namespaces: this.options.namespaces,
      state: new ApolloNamespaces(this.options.namespaces, new ApolloNamespaceMapping(this.name, this.options.limits)),
      reader: new ApolloConfigReader(this.options, this.client),
      retry: this.options.retry,
    };
  }

  /** Reads every namespace afresh; a namespace with no release is left out and reported. */
  async load(): Promise<LoadedConfig> {
    if (this.lifetime.signal.aborted) throw new ConfigSourceClosedError(this.name);
    const { reader, state, namespaces } = this.host;
    const reads = await Promise.all(namespaces.map((namespace) => reader.read(namespace, undefined, this.lifetime.signal)));
    return state.load(reads);
  }

  /**
   * Follows the namespaces from the last load or batch: a `replace` batch per answer that changed
   * them, `state` events as the config service is lost and found again, an `error` event instead of
   * a batch whose content cannot be read. Errors on a refused signature (401). Completes on `close()`.
   */
  watch(): Observable<ConfigSourceEvent> {
    if (this.lifetime.signal.aborted) return EMPTY;
    return this.watches.watch((subscriber, signal) => new ApolloWatchLoop(this.host, subscriber, signal).run());
  }

  /** Ends the held long poll at once, completes every watch and closes the connections. */
  async close(): Promise<void> {
    this.lifetime.abort();
    this.watches.closeAll();
    this.client.close();
  }
}
