import { isString, parseControlRecord, type FieldCheck } from './control-record';

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
const FIELDS: Record<keyof CanaryRelease, FieldCheck> = {
  format: (value) => value === CANARY_RELEASE_FORMAT,
  releaseId: (value) => isString(value) && value.length > 0,
  selector: isCanarySelector,
  keys: isTextMap,
  message: isString,
  author: isString,
  baseVersion: Number.isInteger,
  startedAt: isString,
};

/** The canary record read from `text`, checked field by field; see `parseControlRecord`. */
export function parseCanaryRelease(text: string): CanaryRelease | { readonly problem: string } {
  return parseControlRecord<CanaryRelease>(text, CANARY_RELEASE_FORMAT, FIELDS);
}
