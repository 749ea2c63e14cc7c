/** How to start an `ApolloTestServer`; every option has a default. */
export interface ApolloTestServerOptions {
  /**
   * How long a `/notifications/v2` poll is held before it is answered 304; Apollo's default
   * (`long.polling.timeout` … `BizConfig.longPollingTimeoutInMilli`) is 60 s. Tests shorten it.
   */
  readonly holdMs?: number;
  /** Access keys: an app listed here must sign every request with one of its secrets. */
  readonly accessKeys?: Readonly<Record<string, readonly string[]>>;
  /** How far a signed request's `Timestamp` may be from now; Apollo's default tolerance is 60 s. */
  readonly timestampToleranceMs?: number;
}

/** What the server can be told to do wrong. */
export interface ApolloTestFaults {
  /** Answer every request with this HTTP status (a config service behind a failing gateway), until cleared. */
  failWith?: number;
}

/** A request the server received, for tests that count or inspect them. */
export interface ApolloLoggedRequest {
  /** `notifications`, `configs` or `other`. */
  readonly kind: 'notifications' | 'configs' | 'other';
  /** The raw path and query, as sent. */
  readonly url: string;
  /** Whether it carried an `Authorization` header. */
  readonly signed: boolean;
  /** The status it was answered with, once answered. */
  status?: number;
}
