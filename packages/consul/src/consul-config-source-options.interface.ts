import type { RetryOptions } from '@config-center/core';

/**
 * Consul's consistency modes for reads: `default` (the leader answers, mostly consistent),
 * `consistent` (the leader confirms its leadership first) or `stale` (any server answers).
 */
export type ConsulConsistency = 'default' | 'consistent' | 'stale';

/** TLS settings for an `https://` Consul address. */
export interface ConsulTlsOptions {
  /** PEM CA certificate(s) to trust instead of the system's; Consul's `CONSUL_CACERT`. */
  readonly ca?: string | Buffer | (string | Buffer)[];
  /** PEM client certificate, for agents with `verify_incoming`. */
  readonly cert?: string | Buffer;
  /** PEM key of the client certificate. */
  readonly key?: string | Buffer;
  /** Host name to check the server certificate against, when it differs from the URL's. */
  readonly servername?: string;
}

/**
 * The token bucket that paces blocking queries, as Consul's documentation asks: a couple of quick
 * re-queries go out at once, then, while values churn, at most `perSecond` per second.
 */
export interface ConsulRateLimit {
  /** Queries that may go out back to back; default 2. */
  readonly burst?: number;
  /** Sustained queries per second once the burst is spent; default 1. */
  readonly perSecond?: number;
}

/** User name and password for HTTP basic auth. */
export interface ConsulBasicAuth {
  readonly username: string;
  readonly password: string;
}

/** Options of `ConsulConfigSource`. */
export interface ConsulConfigSourceOptions {
  /** The agent's HTTP address, `http://` or `https://`, without user info; default `http://127.0.0.1:8500`. */
  readonly url?: string;
  /**
   * The KV prefix to serve, e.g. `configs/orders/production/`. A trailing `/` is added when missing
   * (so `app` does not also match `apple/…`) and a leading `/` is dropped; `''` serves the whole KV.
   */
  readonly prefix: string;
  /** ACL token, sent in the `X-Consul-Token` header; never logged or put in a message. */
  readonly token?: string;
  /**
   * HTTP basic auth, for a proxy in front of the agent that asks for it (Consul itself reads the
   * `token`). Never in `url`, which messages name; the password never appears in a message.
   */
  readonly basicAuth?: ConsulBasicAuth;
  /** Datacenter to read from (`?dc=`); default: the agent's own. */
  readonly datacenter?: string;
  /** Default `default`. */
  readonly consistency?: ConsulConsistency;
  /**
   * Longest time one blocking query may wait for a change: milliseconds, or a Consul duration such
   * as `'30s'` or `'5m'`. Default 5 minutes; at most 10 minutes, Consul's own limit.
   */
  readonly wait?: number | string;
  /** Names the source in `status()`, errors and the cache; default `consul:<prefix>`. */
  readonly name?: string;
  readonly tls?: ConsulTlsOptions;
  readonly rateLimit?: ConsulRateLimit;
  /**
   * Backoff (with jitter) after a failed query; default 500 ms doubling up to 5 s. The cap bounds
   * how long a flapping agent can keep changes from the app; even at 5 s a long outage costs
   * 0.2–0.4 requests per second.
   */
  readonly retry?: RetryOptions;
  /** How long a non-blocking request may take, and the slack given a blocking one; default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Every so often, end the blocking query and read the whole prefix without blocking, so that a
   * change that wakes no blocking query (a snapshot restored elsewhere) is seen without waiting out
   * `wait`; the difference is applied as one batch. Default 0: off.
   */
  readonly fullReadIntervalMs?: number;
}
