import type { ConfigSourceStatus, ConfigStatus, QuarantinedSection } from '../interfaces/config-status.interface';
import type { Reshaped } from '../status/status-shape';

/** One failed path of a rejected or quarantined config and the rule it broke; never the value. */
export interface InstanceIssueFact {
  /** The config path (`rateLimit.limit`), or for unreadable input the key or file it came from. */
  readonly path: string;
  /** What the value must be (`must not be less than 1`) or why the input could not be read. */
  readonly constraint: string;
}

/** Where one source of the instance stands: its state and the revision it applied last; its name redacted of credentials. */
export type InstanceSourceFact = Reshaped<ConfigSourceStatus, Record<never, never>, InstanceSourceFieldsLeftOut>;

/** What an instance report leaves out of a source's status: counters and errors stay on the instance's status endpoint. */
export type InstanceSourceFieldsLeftOut = 'receivedRevision' | 'lastError' | 'rejectedUpdates' | 'reconnects';

/** A section the instance serves on its last good value, and why; `since` in ISO 8601. */
export type InstanceQuarantineFact = Reshaped<
  QuarantinedSection,
  { readonly issues: readonly InstanceIssueFact[]; readonly since: string }
>;

/** An update the instance rejected: which source and revision, each failed path and rule, when. */
export interface InstanceRejectionFact {
  readonly source: string;
  /** The revision of the rejected batch, when the source gives one. */
  readonly revision?: string;
  /** `validation`: a section's rule failed; `parse`: the input could not be read; `secret`: an `enc:` value could not be decrypted. */
  readonly kind: 'validation' | 'parse' | 'secret';
  readonly issues: readonly InstanceIssueFact[];
  /** ISO 8601. */
  readonly at: string;
}

/**
 * What an instance reports about the config it runs: its `ConfigStatus` field by field
 * (`instanceFacts` converts each: times in ISO 8601, source names redacted; `version` is the
 * instance's own count of applied swaps, not a published version number) but the keys no field
 * declares, with its recent rejections from `errors$`, oldest first (at most
 * `MAX_RECENT_REJECTIONS`). Plain JSON values only, and never a config value.
 */
export type InstanceFacts = Reshaped<
  ConfigStatus,
  {
    readonly appliedAt: string;
    readonly sources: readonly InstanceSourceFact[];
    readonly quarantined: readonly InstanceQuarantineFact[];
  },
  'unknownKeys' | 'uncoveredKeys' | 'keyIds'
> & {
  readonly rejections: readonly InstanceRejectionFact[];
  /**
   * The ids of the keys the instance holds (`status().keyIds`), sorted; never a key. Absent in a
   * report of an instance older than key reporting: a reader takes that as holding none.
   */
  readonly keyIds?: readonly string[];
};
