import type { ConfigValidationIssue } from '../errors';
import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';

/** One source in a status report: its state and revisions; its name and last error redacted of credentials. */
export interface ConfigSourceReport {
  readonly name: string;
  readonly state: ConfigSourceStatus['state'];
  /** The revision of the last batch applied. */
  readonly revision?: string;
  /** The revision of the last batch delivered, applied or rejected. */
  readonly receivedRevision?: string;
  readonly rejectedUpdates: number;
  /** Times it lost its connection: went from `connected` to `reconnecting`. */
  readonly reconnects: number;
  readonly lastError?: { readonly message: string; readonly at: Date };
}

/** A quarantined section in a status report: where and why (paths and constraints), never a value. */
export interface QuarantinedSectionReport {
  readonly section: string;
  readonly source: string;
  readonly issues: readonly ConfigValidationIssue[];
  readonly since: Date;
}

/**
 * What the status endpoint answers: which config version this instance serves (number, content
 * hash, when), how each source is doing, which sections are quarantined and which keys no field
 * declares. Built field by field from `ConfigCenterService.status()`: never a config value.
 */
export interface ConfigStatusReport {
  readonly state: ConfigStatus['state'];
  readonly version: number;
  readonly hash?: string;
  readonly appliedAt?: Date;
  readonly sources: readonly ConfigSourceReport[];
  readonly quarantined: readonly QuarantinedSectionReport[];
  /** Keys no section field declares (typos), by path. */
  readonly unknownKeys: readonly string[];
}
