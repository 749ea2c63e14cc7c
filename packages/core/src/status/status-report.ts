import type { ConfigValidationIssue } from '../errors';
import type { ConfigSourceStatus, ConfigStatus, QuarantinedSection } from '../interfaces/config-status.interface';
import type { ConfigSourceReport, ConfigStatusReport, QuarantinedSectionReport } from './config-status-report.interface';
import { redact } from './redact';
import { asIs, reshape, type FieldConverters } from './status-shape';

const SOURCE_REPORT: FieldConverters<ConfigSourceStatus, ConfigSourceReport> = {
  name: redact,
  state: asIs,
  revision: asIs,
  receivedRevision: asIs,
  lastError: (lastError) => lastError && { message: redact(lastError.message), at: lastError.at },
  rejectedUpdates: asIs,
  reconnects: asIs,
};

const QUARANTINE_REPORT: FieldConverters<QuarantinedSection, QuarantinedSectionReport> = {
  section: asIs,
  source: redact,
  issues: (issues) => issues.map(issueReport),
  since: asIs,
};

const STATUS_REPORT: FieldConverters<ConfigStatus, ConfigStatusReport> = {
  state: asIs,
  version: asIs,
  hash: asIs,
  appliedAt: asIs,
  sources: (sources) => sources.map(sourceReport),
  quarantined: (quarantined) => quarantined.map(quarantineReport),
  unknownKeys: (unknownKeys) => [...unknownKeys],
  uncoveredKeys: (uncoveredKeys) => uncoveredKeys.map((key) => ({ ...key })),
  keyIds: (keyIds) => [...keyIds],
};

/** The report of one source: its status field by field, its name and last error redacted. */
export function sourceReport(source: ConfigSourceStatus): ConfigSourceReport {
  return reshape(source, SOURCE_REPORT);
}

/** The report of one quarantined section: its path, the source blamed, each failed path and constraint. */
export function quarantineReport(section: QuarantinedSection): QuarantinedSectionReport {
  return reshape(section, QUARANTINE_REPORT);
}

/** The status as the status endpoint shows it (see `ConfigStatusReport`). */
export function statusReport(status: ConfigStatus): ConfigStatusReport {
  return reshape(status, STATUS_REPORT);
}

function issueReport({ path, constraints, message }: ConfigValidationIssue): ConfigValidationIssue {
  const redacted = Object.fromEntries(Object.entries(constraints).map(([name, text]) => [name, redact(text)]));
  return { path, constraints: redacted, message: redact(message) };
}
