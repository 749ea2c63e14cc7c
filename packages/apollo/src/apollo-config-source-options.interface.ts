import type { InputLimits, RetryOptions } from '@config-center/core';

/** Options of `ApolloConfigSource`. */
export interface ApolloConfigSourceOptions {
  /** The config service's address (`http://…:8080`), without user info; the meta server is not used. */
  readonly configServerUrl: string;
  /** The app whose namespaces are read. */
  readonly appId: string;
  /** The cluster; a namespace not released in it is read from `default`, as Apollo's clients do. Default `default`. */
  readonly cluster?: string;
  /**
   * The namespaces, in precedence order (later ones override earlier ones). A name without an
   * extension (or with `.properties`) is a properties namespace: its dotted keys are paths. One
   * ending in `.yaml`, `.yml` or `.json` holds a document mounted at the root. Default `['application']`.
   */
  readonly namespaces?: readonly string[];
  /** The app's access-key secret; when given, every request is signed. It is never logged. */
  readonly secret?: string;
  /** Names the source in status, errors and the cache; default `apollo:<appId>/<cluster>`. */
  readonly name?: string;
  /**
   * How long a long poll may take before the client gives up on it; above the server's hold of
   * 60 s. Default 90 s, as Apollo's clients (`RemoteConfigLongPollService.LONG_POLLING_READ_TIMEOUT`).
   */
  readonly longPollTimeoutMs?: number;
  /** How long a `/configs` query may take; default 10 s. */
  readonly requestTimeoutMs?: number;
  /** Backoff after a failed poll or query; default 200 ms doubling to 30 s, with jitter. */
  readonly retry?: RetryOptions;
  /** Bounds on the input; default the core's. */
  readonly limits?: InputLimits;
}
