import type { RetryOptions } from '@config-center/core';

/** A dataId with its own group and where its content goes in the tree. */
export interface NacosDataIdOptions {
  readonly dataId: string;
  /** Default: the source's `group`. */
  readonly group?: string;
  /** Dotted path the content is merged at; default the root. Required for a dataId that is not a document. */
  readonly path?: string;
}

/** Options of `NacosConfigSource`. */
export interface NacosConfigSourceOptions {
  /** Nacos servers, `host:port` of the main (HTTP) port; tried in turn when one fails. */
  readonly servers: readonly string[];
  /** The gRPC port, when it is not the main port + 1000 (Nacos's default offset). */
  readonly grpcPort?: number;
  /** Namespace id (Nacos's tenant); `''`, the default, is the `public` namespace. */
  readonly namespace?: string;
  /** Group of the dataIds given as strings; default `DEFAULT_GROUP`. */
  readonly group?: string;
  /** The dataIds, merged in this order: later ones override earlier ones. */
  readonly dataIds: readonly (string | NacosDataIdOptions)[];
  /**
   * Nacos auth: the source logs in (`/nacos/v3/auth/user/login`, `/nacos/v1/auth/users/login` on
   * Nacos 2.x) for an access token and renews it before its `tokenTtl` runs out. The password is
   * never put in a message, status or log.
   */
  readonly username?: string;
  readonly password?: string;
  /** Names the source in `status()`, errors and the cache; default `nacos:<namespace or public>`. */
  readonly name?: string;
  /**
   * How often the source re-listens with the md5s it applied, so that a push lost on the way is
   * caught; default 30 000 ms (the server also resends an unacked push).
   */
  readonly relistIntervalMs?: number;
  /**
   * How long the connection may be quiet before a `HealthCheckRequest` checks it; default 5000 ms,
   * the Java client's keep-alive. A check unanswered within `requestTimeoutMs` drops the connection.
   */
  readonly healthCheckIntervalMs?: number;
  /** How long a request, the server check and the connection setup may take; default 5000 ms. */
  readonly requestTimeoutMs?: number;
  /** Backoff (with jitter) between connection attempts; default 500 ms doubling up to 5 s. */
  readonly retry?: RetryOptions;
}
