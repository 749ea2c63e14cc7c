import type { KeyValues } from '../config-keys';
import { runHash } from '../output/printed-hash';

/** One key that differs: `added` (only in the proposal), `changed`, or `removed` (only live). */
export interface KeyChange {
  readonly kind: 'added' | 'changed' | 'removed';
  readonly key: string;
  /** The live value's text and short hash; absent for an added key. */
  readonly before?: DiffValue;
  /** The proposed value's text and short hash; absent for a removed key. */
  readonly after?: DiffValue;
}

/** A value in a diff: its short hash always, its text only with `--show-values`. */
export interface DiffValue {
  readonly hash: string;
  readonly value?: string;
}

/** The key-level difference between the live keys and a proposal, in key order. */
export interface KeyDiff {
  readonly prefix: string;
  readonly changes: readonly KeyChange[];
  readonly unchanged: number;
}

/**
 * The keys a proposal adds, changes and removes relative to the live ones; values only when
 * `showValues`. Hashes are keyed per run (`runHash`): equal values show equal hashes within one
 * diff, but a short hash cannot be brute-forced back into a short secret.
 */
export function diffKeys(prefix: string, live: KeyValues, proposed: KeyValues, showValues: boolean): KeyDiff {
  const describe = (text: string): DiffValue => ({ hash: runHash(text), ...(showValues && { value: text }) });
  const changes: KeyChange[] = [];
  let unchanged = 0;
  for (const key of [...new Set([...live.keys(), ...proposed.keys()])].sort()) {
    const before = live.get(key);
    const after = proposed.get(key);
    if (before === after) unchanged++;
    else if (before === undefined) changes.push({ kind: 'added', key, after: describe(after!) });
    else if (after === undefined) changes.push({ kind: 'removed', key, before: describe(before) });
    else changes.push({ kind: 'changed', key, before: describe(before), after: describe(after) });
  }
  return { prefix, changes, unchanged };
}
