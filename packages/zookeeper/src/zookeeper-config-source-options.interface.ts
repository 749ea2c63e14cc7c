import type { InputLimits, RetryOptions } from '@config-center/core';

/** ZooKeeper authentication sent with `addAuthInfo` once a session is connected. */
export interface ZooKeeperAuth {
  /** Only `digest` (`user:password`) for now. */
  readonly scheme: 'digest';
  /** `user:password`; never logged or put in a message. */
  readonly credentials: string;
}

/** Options of `ZooKeeperConfigSource`. */
export interface ZooKeeperConfigSourceOptions {
  /** ZooKeeper's connect string: `host:port[,host:port…]`, without a chroot. */
  readonly connect: string;
  /** The znode whose subtree is the config, e.g. `/configs/orders/production`. */
  readonly root: string;
  /** The session timeout asked of the server (it clamps it to 2–20 ticks); default 10 s. */
  readonly sessionTimeoutMs?: number;
  /** Credentials added to every session; digest ACLs are stage 2 (untested). */
  readonly auth?: ZooKeeperAuth;
  /** Names the source in `status()`, errors and the cache; default `zookeeper:<root>`. */
  readonly name?: string;
  /**
   * How long a session handshake may take before the source gives up on it and opens another: a
   * server that is starting can accept a connection and never answer it. Default 5 s.
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long one read may go unanswered before the session is dropped and a new one reads
   * everything again (a paused or cut-off server). Default 5 s.
   */
  readonly requestTimeoutMs?: number;
  /** Backoff (with jitter) between failed attempts to connect and read; default 200 ms doubling up to 5 s. */
  readonly retry?: RetryOptions;
  /** Depth and size limits of keys and values; default the core's. */
  readonly limits?: InputLimits;
}
