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
  /** What was left out to keep the record within `MAX_INSTANCE_REPORT_BYTES` (absent when nothing was). */
  readonly omitted?: InstanceReportOmissions;
}

/**
 * The most bytes of JSON an instance writes as its record: realistic records are ~1.2 KiB; a
 * reader sizes its first page by it (see `boundedInstanceReport` for what is cut past it).
 */
export const MAX_INSTANCE_REPORT_BYTES = 16 * 1024;

/** How many entries a record over the size cap left out, counted so that a reader can say so. */
export interface InstanceReportOmissions {
  /** The oldest rejections left out. */
  readonly rejections: number;
  /** The last quarantined sections left out. */
  readonly quarantined: number;
  /** Issues left out of the rejections and quarantined sections that were kept. */
  readonly issues: number;
  /** Paths, constraints and source names cut to `MAX_TEXT_CHARS` characters. */
  readonly texts: number;
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
  omitted: optional(
    objectWith({ rejections: Number.isInteger, quarantined: Number.isInteger, issues: Number.isInteger, texts: Number.isInteger }),
  ),
  keyIds: optional(arrayOf(isString)),
  rejections: arrayOf(objectWith({ source: isString, revision: optional(isString), kind: isString, issues: arrayOf(issue), at: isString })),
};

/** An instance record read from `text`, checked field by field; see `parseControlRecord`. */
export function parseInstanceReport(text: string): InstanceReport | { readonly problem: string } {
  return parseControlRecord<InstanceReport>(text, INSTANCE_REPORT_FORMAT, FIELDS);
}
