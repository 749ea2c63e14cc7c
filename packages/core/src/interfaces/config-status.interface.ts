/** Where one source stands. */
export interface ConfigSourceStatus {
  readonly name: string;
  /** `cached`: serving its slice of the last-good cache while it retries. */
  readonly state: 'connected' | 'reconnecting' | 'cached' | 'failed';
  readonly revision?: string;
  readonly lastError?: { readonly message: string; readonly at: Date };
  /** Updates from this source that were rejected (parse, validation, bad input). */
  readonly rejectedUpdates: number;
}

/** Where the module stands: which version it serves and how each source is doing. */
export interface ConfigStatus {
  readonly state: 'starting' | 'ready' | 'degraded';
  readonly version: number;
  readonly appliedAt?: Date;
  readonly sources: readonly ConfigSourceStatus[];
}
