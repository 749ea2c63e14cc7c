import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';

/** One failed path of a rejected or quarantined config and the rule it broke; never the value. */
export interface InstanceIssueFact {
  /** The config path (`rateLimit.limit`), or for unreadable input the key or file it came from. */
  readonly path: string;
  /** What the value must be (`must not be less than 1`) or why the input could not be read. */
  readonly constraint: string;
}

/** Where one source of the instance stands: its state and the revision it applied last. */
export interface InstanceSourceFact {
  /** The source's name, redacted of credentials. */
  readonly name: string;
  readonly state: ConfigSourceStatus['state'];
  /** The revision of the last batch of this source that was applied (an etcd revision, a Consul index). */
  readonly revision?: string;
}

/** A section the instance serves on its last good value, and why. */
export interface InstanceQuarantineFact {
  readonly section: string;
  /** The source whose change made it invalid. */
  readonly source: string;
  readonly issues: readonly InstanceIssueFact[];
  /** ISO 8601. */
  readonly since: string;
}

/** An update the instance rejected: which source and revision, each failed path and rule, when. */
export interface InstanceRejectionFact {
  readonly source: string;
  /** The revision of the rejected batch, when the source gives one. */
  readonly revision?: string;
  /** `validation`: a section's rule failed; `parse`: the input could not be read. */
  readonly kind: 'validation' | 'parse';
  readonly issues: readonly InstanceIssueFact[];
  /** ISO 8601. */
  readonly at: string;
}

/**
 * What an instance reports about the config it runs, built from `ConfigCenterService.status()` and
 * `errors$`: the version and content hash it applied, the revision per source, its quarantined
 * sections and its recent rejections. Plain JSON values only, and never a config value.
 */
export interface InstanceFacts {
  readonly state: ConfigStatus['state'];
  /** The instance's own count of applied swaps (not a published version number). */
  readonly version: number;
  /** The content hash of the applied merged tree (see `ConfigStatus.hash`). */
  readonly hash?: string;
  /** ISO 8601. */
  readonly appliedAt?: string;
  readonly sources: readonly InstanceSourceFact[];
  readonly quarantined: readonly InstanceQuarantineFact[];
  /** The most recent rejected updates, oldest first (at most `MAX_RECENT_REJECTIONS`). */
  readonly rejections: readonly InstanceRejectionFact[];
}
