import type { ConfigSourceStatus, ConfigStatus, QuarantinedSection } from '../interfaces/config-status.interface';
import type { Reshaped } from './status-shape';

/** One source in a status report: its status, its name and last error redacted of credentials. */
export type ConfigSourceReport = Reshaped<ConfigSourceStatus>;

/** A quarantined section in a status report: where and why (paths and constraints, redacted), never a value. */
export type QuarantinedSectionReport = Reshaped<QuarantinedSection>;

/**
 * What the status endpoint answers: which config version this instance serves (number, content
 * hash, when), how each source is doing, which sections are quarantined and which keys no field
 * declares. It is `ConfigStatus` field by field (`statusReport` converts each, redacting what a
 * backend's error may quote): never a config value.
 */
export type ConfigStatusReport = Reshaped<
  ConfigStatus,
  { readonly sources: readonly ConfigSourceReport[]; readonly quarantined: readonly QuarantinedSectionReport[] }
>;
