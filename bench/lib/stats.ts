/** Summary statistics of repeated timings, and the clock they are taken with. */

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The `p`th percentile (0–100) of a non-empty list, by linear interpolation between ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** The smallest value of a non-empty list. */
export function minimum(values: readonly number[]): number {
  return values.reduce((min, value) => (value < min ? value : min), Infinity);
}

/** A monotonic timestamp in nanoseconds. */
export function now(): bigint {
  return process.hrtime.bigint();
}

/** Nanoseconds elapsed since `start`, a value of `now()`. */
export function elapsedNs(start: bigint): number {
  return Number(now() - start);
}

/** Rounds to a precision that suits the magnitude, for tables. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** Waits for the next turn of the event loop. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
