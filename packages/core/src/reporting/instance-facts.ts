import { ConfigParseError, ConfigSecretError, ConfigValidationError, type ConfigValidationIssue } from '../errors';
import type { ConfigErrorEvent } from '../interfaces/config-events.interface';
import type { ConfigSourceStatus, ConfigStatus, QuarantinedSection } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';
import { asIs, LEFT_OUT, reshape, type FieldConverters } from '../status/status-shape';
import type {
  InstanceFacts,
  InstanceIssueFact,
  InstanceQuarantineFact,
  InstanceRejectionFact,
  InstanceSourceFact,
} from './instance-facts.interface';

/** How many rejected updates the facts keep, the newest ones. */
export const MAX_RECENT_REJECTIONS = 10;

/** How many failed paths one rejection or quarantined section lists; a report stays small. */
export const MAX_ISSUES_PER_FACT = 20;

const SOURCE_FACT: FieldConverters<ConfigSourceStatus, InstanceSourceFact> = {
  name: redact,
  state: asIs,
  revision: asIs,
  receivedRevision: LEFT_OUT,
  lastError: LEFT_OUT,
  rejectedUpdates: LEFT_OUT,
  reconnects: LEFT_OUT,
};

const QUARANTINE_FACT: FieldConverters<QuarantinedSection, InstanceQuarantineFact> = {
  section: asIs,
  source: redact,
  issues: (issues) => issues.slice(0, MAX_ISSUES_PER_FACT).map(issueFact),
  since: (since) => since.toISOString(),
};

const STATUS_FACTS: FieldConverters<ConfigStatus, Omit<InstanceFacts, 'rejections'>> = {
  state: asIs,
  version: asIs,
  hash: asIs,
  appliedAt: (appliedAt) => appliedAt?.toISOString(),
  sources: (sources) => sources.map((source) => reshape(source, SOURCE_FACT)),
  quarantined: (quarantined) => quarantined.map((section) => reshape(section, QUARANTINE_FACT)),
  // Not in instance reports: the status endpoint lists them.
  unknownKeys: LEFT_OUT,
  uncoveredKeys: LEFT_OUT,
  // Ids only, never a key: what `secrets rotate` checks before it re-encrypts under a new key.
  keyIds: (keyIds) => [...keyIds],
};

/** The facts of an instance: its status, field by field and redacted, with its recent rejections. */
export function instanceFacts(status: ConfigStatus, rejections: readonly InstanceRejectionFact[]): InstanceFacts {
  return { ...reshape(status, STATUS_FACTS), rejections };
}

/** The rejection an `errors$` event records, or `undefined` for one that is not a rejected update. */
export function rejectionFact(event: ConfigErrorEvent, at: Date): InstanceRejectionFact | undefined {
  const { error, source, revision } = event;
  let issues: InstanceIssueFact[];
  if (error instanceof ConfigValidationError) issues = error.issues.slice(0, MAX_ISSUES_PER_FACT).map(issueFact);
  else if (error instanceof ConfigParseError) issues = [{ path: redact(error.location), constraint: redact(error.reason) }];
  else return undefined;
  const kind = error instanceof ConfigSecretError ? 'secret' : error instanceof ConfigValidationError ? 'validation' : 'parse';
  return { source: redact(source), revision, kind, issues, at: at.toISOString() };
}

function issueFact({ path, message }: ConfigValidationIssue): InstanceIssueFact {
  return { path, constraint: redact(message) };
}
