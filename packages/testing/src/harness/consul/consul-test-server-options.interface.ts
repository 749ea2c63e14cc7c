import type { ConsulTestAcl } from './consul-test-acl';

/**
 * How the server is down: `refuse` stops listening (connections are refused), `reset` accepts and
 * at once destroys every connection, `unavailable` answers 500 "No cluster leader" to everything.
 * Each ends the blocking queries in progress (dropped, or answered 500).
 */
export type ConsulOutageMode = 'refuse' | 'reset' | 'unavailable';

/** How to start a `ConsulTestServer`; every option has a default. */
export interface ConsulTestServerOptions {
  /** ACLs; off when absent. */
  readonly acl?: ConsulTestAcl;
  /** The server's datacenter; a read with another `dc` fails. Default `dc1`. */
  readonly datacenter?: string;
  /** The source of the blocking-wait jitter; default `Math.random`. */
  readonly random?: () => number;
  /** The Raft index to start from; default 1. */
  readonly startIndex?: number;
  /** Serve the main address over HTTPS with this PEM certificate and key (the admin port stays HTTP). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A request to the main address (or, with method `RESET`, a connection an outage destroyed). */
export interface LoggedRequest {
  /** `performance.now()` when it arrived. */
  readonly at: number;
  readonly method: string;
  /** The path after `/v1/`, decoded, e.g. `kv/app/`. */
  readonly path: string;
  readonly params: URLSearchParams;
  readonly hasToken: boolean;
  readonly duringOutage: boolean;
  /** For a blocking query: how long it may wait, jitter included. */
  blockMs?: number;
}

/** An outage: its mode and `performance.now()` times; `end` is unset while it lasts. */
export interface OutageRecord {
  readonly mode: ConsulOutageMode;
  readonly start: number;
  end?: number;
}
