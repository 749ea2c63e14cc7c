import type { InstanceFacts, InstanceIdentity } from '@config-center/core/source-kit';

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

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const arrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const objectWith =
  (fields: Record<string, Check>): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(fields).every(([name, check]) => check((value as Record<string, unknown>)[name]));

const issue = objectWith({ path: isString, constraint: isString });

/** Each field of a record and what its value must be; the first that fails is named. */
const FIELDS: Record<keyof InstanceReport, Check> = {
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

/**
 * The record in `text`, checked field by field; for a record that is not JSON, not of this format
 * or has a field of the wrong shape, a problem naming the field (never its content).
 */
export function parseInstanceReport(text: string): InstanceReport | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== INSTANCE_REPORT_FORMAT)
    return { problem: `format ${JSON.stringify(record.format)} is not ${INSTANCE_REPORT_FORMAT}` };
  const bad = Object.entries(FIELDS).find(([name, check]) => !check(record[name]));
  return bad ? { problem: `field '${bad[0]}' is missing or of the wrong shape` } : (record as unknown as InstanceReport);
}
