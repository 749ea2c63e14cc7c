import type { RetryOptions } from '@config-center/core';
import type { Namespace } from 'etcd3';
import type { EtcdInstanceReportOptions } from './etcd-instance-report-options.interface';

/** Username and password for etcd's auth. They never appear in errors, logs or `status()`. */
export interface EtcdAuthOptions {
  readonly username: string;
  readonly password: string;
}

/** TLS to etcd: PEM contents (not file paths). A client certificate and key make it mTLS. */
export interface EtcdTlsOptions {
  /** The CA that signed etcd's server certificate. */
  readonly rootCertificate: Buffer | string;
  /** The client certificate (chain) for mTLS; needs `clientKey`. */
  readonly clientCertificate?: Buffer | string;
  readonly clientKey?: Buffer | string;
}

/**
 * Options of `EtcdConfigSource`: where etcd is (`hosts`, or an existing `client`), which `prefix`
 * to read and watch, and how to connect.
 */
export interface EtcdConfigSourceOptions {
  /** One endpoint or many: `127.0.0.1:2379`, `http://…` or `https://…`. Needed unless `client` is given. */
  readonly hosts?: string | readonly string[];
  /**
   * An existing `Etcd3` client (or one of its namespaces) to use instead of `hosts`. The source
   * does not close it; the connection options below (auth, TLS, timeouts) are then the client's.
   * Build it with `createGatedEtcdClient` (`@config-center/etcd/control`) and close it with that
   * `close()`: a plain client cannot be gated, and a watch etcd never confirmed before the source
   * closed is then retried by etcd3 after `client.close()` for ever, keeping the process alive.
   */
  readonly client?: Namespace;
  /**
   * The keys to read and watch, e.g. `/configs/orders/production/`; a trailing `/` is added when
   * missing. `rateLimit/limit` under it is the path `rateLimit.limit`.
   */
  readonly prefix: string;
  /** The name in `status()`, errors and the cache; default `etcd:<prefix>`. Unique per module. */
  readonly name?: string;
  readonly auth?: EtcdAuthOptions;
  readonly tls?: EtcdTlsOptions;
  /**
   * How long a watch may take to be established (etcd confirming it) before the attempt is dropped
   * and retried, and the source reports `reconnecting`; default 5000.
   */
  readonly dialTimeoutMs?: number;
  /** Deadline of every request (reads, auth); default 10000. */
  readonly requestTimeoutMs?: number;
  /**
   * Interval of gRPC keepalive pings that find a dead connection under a quiet watch; default
   * 10000, 0 turns them off. etcd refuses pings more often than its `--grpc-keepalive-min-time` (5 s).
   */
  readonly keepaliveMs?: number;
  /**
   * Every so often the source reads the whole prefix at a fresh revision and applies any
   * difference from what it has applied, to catch an update a server or client dropped;
   * default 300000 (5 minutes), 0 turns it off.
   */
  readonly reconcileIntervalMs?: number;
  /**
   * Every so often the source asks etcd to count the keys under the prefix — one small request —
   * to learn that its read permission was withdrawn while its watch is open (etcd 3.4 keeps sending
   * the watch's events); it then reports `failed`. Default 30000, 0 turns it off.
   */
  readonly accessCheckIntervalMs?: number;
  /** Backoff of the source's own watch re-creation; default 100 ms doubling up to 5 s, with jitter. */
  readonly retry?: RetryOptions;
  /**
   * Opt in to instance reports: this instance keeps a record of the config it runs (version, hash,
   * revision per source, quarantined sections, recent rejections; never a value) under a lease in
   * the control prefix, for the CLI's `rollout`. See `EtcdInstanceReportOptions`.
   *
   * @example `report: { instanceId: process.env.POD_NAME, labels: { zone: 'a' } }`
   */
  readonly report?: EtcdInstanceReportOptions;
}
