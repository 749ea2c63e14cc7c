import type { ConfigValidationIssue } from '../errors';
import type { ConfigSourceStatus, ConfigStatus, QuarantinedSection } from '../interfaces/config-status.interface';
import type { ConfigSourceReport, ConfigStatusReport, QuarantinedSectionReport } from './config-status-report.interface';
import { redact } from './redact';

/** The report of one source: fields picked one by one, its name and last error redacted. */
export function sourceReport(source: ConfigSourceStatus): ConfigSourceReport {
  const { state, revision, receivedRevision, rejectedUpdates, reconnects, lastError } = source;
  return {
    name: redact(source.name),
    state,
    revision,
    receivedRevision,
    rejectedUpdates,
    reconnects,
    lastError: lastError && { message: redact(lastError.message), at: lastError.at },
  };
}

/** The report of one quarantined section: its path, the source blamed, each failed path and constraint. */
export function quarantineReport({ section, source, issues, since }: QuarantinedSection): QuarantinedSectionReport {
  return { section, source: redact(source), issues: issues.map(issueReport), since };
}

/** The status as the status endpoint shows it (see `ConfigStatusReport`). */
export function statusReport(status: ConfigStatus): ConfigStatusReport {
  const { state, version, hash, appliedAt, sources, quarantined, unknownKeys } = status;
  return {
    state,
    version,
    hash,
    appliedAt,
    sources: sources.map(sourceReport),
    quarantined: quarantined.map(quarantineReport),
    unknownKeys: [...unknownKeys],
  };
}

function issueReport({ path, constraints, message }: ConfigValidationIssue): ConfigValidationIssue {
  const redacted = Object.fromEntries(Object.entries(constraints).map(([name, text]) => [name, redact(text)]));
  return { path, constraints: redacted, message: redact(message) };
}
