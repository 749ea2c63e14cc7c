/** The format of the canary records this version writes; a reader refuses others by name. */
export const CANARY_RELEASE_FORMAT = 1;

/**
 * Which instances a canary selects: those carrying every one of `labels`, or a stable `percent`
 * of instance ids (see `isCanaryMember`). Exactly one of the two.
 */
export type CanarySelector = { readonly labels: Readonly<Record<string, string>> } | { readonly percent: number };

/**
 * A canary release as stored under `<controlPrefix>canary/release`, as JSON: the keys it sets
 * (relative to the prefix, as text) on top of the main config of the instances it selects.
 */
export interface CanaryRelease {
  readonly format: typeof CANARY_RELEASE_FORMAT;
  /** Stays the same when the canary is widened: percent membership hashes it. */
  readonly releaseId: string;
  readonly selector: CanarySelector;
  /** Key (relative to the prefix) → text: what a member serves instead of the main prefix's value. */
  readonly keys: Readonly<Record<string, string>>;
  readonly message: string;
  readonly author: string;
  /** The published version of the main prefix the canary was started on (0 before any). */
  readonly baseVersion: number;
  /** ISO 8601. */
  readonly startedAt: string;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isTextMap = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isString);

/** Whether `selector` is a labels selector with at least one label, or a percent in (0, 100]. */
export function isCanarySelector(selector: unknown): selector is CanarySelector {
  if (typeof selector !== 'object' || selector === null) return false;
  const { labels, percent } = selector as { labels?: unknown; percent?: unknown };
  if (labels !== undefined) return percent === undefined && isTextMap(labels) && Object.keys(labels as object).length > 0;
  return typeof percent === 'number' && percent > 0 && percent <= 100;
}

/** Each field of a record and what its value must be; the first that fails is named. */
const FIELDS: Record<keyof CanaryRelease, (value: unknown) => boolean> = {
  format: (value) => value === CANARY_RELEASE_FORMAT,
  releaseId: (value) => isString(value) && value.length > 0,
  selector: isCanarySelector,
  keys: isTextMap,
  message: isString,
  author: isString,
  baseVersion: Number.isInteger,
  startedAt: isString,
};

/**
 * The canary record in `text`, checked field by field; for a record that is not JSON, not of this
 * format or has a field of the wrong shape, a problem naming the field (never its content).
 */
export function parseCanaryRelease(text: string): CanaryRelease | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== CANARY_RELEASE_FORMAT)
    return { problem: `format ${JSON.stringify(record.format)} is not ${CANARY_RELEASE_FORMAT}` };
  const bad = Object.entries(FIELDS).find(([name, check]) => !check(record[name]));
  return bad ? { problem: `field '${bad[0]}' is missing or of the wrong shape` } : (record as unknown as CanaryRelease);
}
