import { ConfigParseError, ConfigValidationError, type ConfigValidationIssue } from '../errors';
import type { ConfigErrorEvent } from '../interfaces/config-events.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';
import type { InstanceFacts, InstanceIssueFact, InstanceRejectionFact } from './instance-facts.interface';

/** How many rejected updates the facts keep, the newest ones. */
export const MAX_RECENT_REJECTIONS = 10;

/** How many failed paths one rejection or quarantined section lists; a report stays small. */
export const MAX_ISSUES_PER_FACT = 20;

/** The facts of an instance: its status, field by field and redacted, with its recent rejections. */
export function instanceFacts(status: ConfigStatus, rejections: readonly InstanceRejectionFact[]): InstanceFacts {
  const { state, version, hash, appliedAt } = status;
  return {
    state,
    version,
    hash,
    appliedAt: appliedAt?.toISOString(),
    sources: status.sources.map(({ name, state: sourceState, revision }) => ({ name: redact(name), state: sourceState, revision })),
    quarantined: status.quarantined.map(({ section, source, issues, since }) => ({
      section,
      source: redact(source),
      issues: issues.slice(0, MAX_ISSUES_PER_FACT).map(issueFact),
      since: since.toISOString(),
    })),
    rejections,
  };
}

/** The rejection an `errors$` event records, or `undefined` for one that is not a rejected update. */
export function rejectionFact(event: ConfigErrorEvent, at: Date): InstanceRejectionFact | undefined {
  const { error, source, revision } = event;
  let issues: InstanceIssueFact[];
  if (error instanceof ConfigValidationError) issues = error.issues.slice(0, MAX_ISSUES_PER_FACT).map(issueFact);
  else if (error instanceof ConfigParseError) issues = [{ path: redact(error.location), constraint: redact(error.reason) }];
  else return undefined;
  const kind = error instanceof ConfigValidationError ? 'validation' : 'parse';
  return { source: redact(source), revision, kind, issues, at: at.toISOString() };
}

function issueFact({ path, message }: ConfigValidationIssue): InstanceIssueFact {
  return { path, constraint: redact(message) };
}
