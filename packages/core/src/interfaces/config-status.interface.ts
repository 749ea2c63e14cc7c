import type { ConfigValidationIssue } from '../errors';

/** Where one source stands. */
export interface ConfigSourceStatus {
  readonly name: string;
  /** `cached`: serving its slice of the last-good cache while it retries. */
  readonly state: 'connected' | 'reconnecting' | 'cached' | 'failed';
  /** The revision of the last batch of this source that was applied. */
  readonly revision?: string;
  /** The revision of the last batch it delivered, applied or rejected. */
  readonly receivedRevision?: string;
  /**
   * Why its last delivery or connection failed. Cleared when it is connected again, and when a
   * delivery of it applies whole with nothing of it held back (no section quarantined for it).
   */
  readonly lastError?: { readonly message: string; readonly at: Date };
  /** Updates from this source that were rejected (parse, validation, bad input). */
  readonly rejectedUpdates: number;
  /** Times it lost its connection: went from `connected` to `reconnecting`. */
  readonly reconnects: number;
}

/** A section serving its last good value because its live config is invalid. */
export interface QuarantinedSection {
  /** The section's path, e.g. `rateLimit`. */
  readonly section: string;
  /** The source whose change made it invalid. */
  readonly source: string;
  /** The failed paths and constraints; never a value. */
  readonly issues: readonly ConfigValidationIssue[];
  readonly since: Date;
}

/**
 * Where the module stands: which version it serves, how each source is doing, and which sections
 * are quarantined. `degraded` while a source is not connected or a section is quarantined.
 */
export interface ConfigStatus {
  readonly state: 'starting' | 'ready' | 'degraded';
  readonly version: number;
  /**
   * The content hash of the applied merged tree: 16 hex digits of a sha256 over its canonical
   * (sorted-key) JSON form, equal on every instance and after every restart that serves the same
   * content. Unkeyed unless `hashKey` is set: see `ConfigCenterModuleOptions.hashKey`.
   */
  readonly hash?: string;
  readonly appliedAt?: Date;
  readonly sources: readonly ConfigSourceStatus[];
  readonly quarantined: readonly QuarantinedSection[];
  /**
   * Keys that no field of their section declares (a typo: `rateLimit.limt`), then the top-level
   * keys no section or startup read covers (`ratelimit`: see `uncoveredKeys`); never a value.
   */
  readonly unknownKeys: readonly string[];
  /** The top-level keys of `unknownKeys`, each with the covered key it most likely misspells. */
  readonly uncoveredKeys: readonly UncoveredKey[];
  /**
   * The ids of the keys the instance holds to open `enc:` values (`secrets`), sorted; never a key.
   * Follows the key directory: a key file added or removed shows here.
   */
  readonly keyIds: readonly string[];
}

/** A top-level key that no section, `@ConfigValue`, `@OnConfigChange` path or startup `get`/`observe` covers. */
export interface UncoveredKey {
  readonly key: string;
  /** The covered key it most likely misspells (equal but for case, or within two edits); absent when none is close. */
  readonly didYouMean?: string;
}
