import type { InstanceFacts, InstanceIdentity } from '@config-center/core/source-kit';
import { arrayOf, isString, objectWith, optional, parseControlRecord, type FieldCheck } from './control-record';

/** The format of the records this version writes; a reader refuses others by name. */
export const INSTANCE_REPORT_FORMAT = 1;

/**
 * One instance's record under `<controlPrefix>instances/<instanceId>`, as JSON: who it is (id,
 * host, pid, labels, started at) and what config it runs (`InstanceFacts`). Never a config value.
 */
export interface InstanceReport extends InstanceIdentity, InstanceFacts {
  readonly format: typeof INSTANCE_REPORT_FORMAT;
  /** The canary release the instance serves, when a canary selects it (absent otherwise). */
  readonly canary?: InstanceCanaryFact;
}

/**
 * The canary release an instance's source delivered, and the batch that brought it in: the
 * instance applied it when that source's revision reached `revision` with no rejection of it.
 */
export interface InstanceCanaryFact {
  readonly releaseId: string;
  /** The source that delivered it, named as in `sources`. */
  readonly source: string;
  /** The revision of the batch that brought it in. */
  readonly revision: string;
}

const issue = objectWith({ path: isString, constraint: isString });

/** Each field of a record and what its value must be; the first that fails is named. */
const FIELDS: Record<keyof InstanceReport, FieldCheck> = {
  format: (value) => value === INSTANCE_REPORT_FORMAT,
  instanceId: isString,
  host: isString,
  pid: Number.isInteger,
  labels: (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString),
  startedAt: isString,
  state: (value) => value === 'starting' || value === 'ready' || value === 'degraded',
  version: Number.isInteger,
  hash: optional(isString),
  appliedAt: optional(isString),
  sources: arrayOf(objectWith({ name: isString, state: isString, revision: optional(isString) })),
  quarantined: arrayOf(objectWith({ section: isString, source: isString, issues: arrayOf(issue), since: isString })),
  canary: optional(objectWith({ releaseId: isString, source: isString, revision: isString })),
  rejections: arrayOf(objectWith({ source: isString, revision: optional(isString), kind: isString, issues: arrayOf(issue), at: isString })),
};

/** An instance record read from `text`, checked field by field; see `parseControlRecord`. */
export function parseInstanceReport(text: string): InstanceReport | { readonly problem: string } {
  return parseControlRecord<InstanceReport>(text, INSTANCE_REPORT_FORMAT, FIELDS);
}
