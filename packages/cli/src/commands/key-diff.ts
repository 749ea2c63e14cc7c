import type { KeyValues } from '../config-keys';
import { runHash } from '../output/printed-hash';
import { renderStoredValue, type SecretView } from '../output/stored-value';

/** One key that differs: `added` (only in the proposal), `changed`, or `removed` (only live). */
export interface KeyChange {
  readonly kind: 'added' | 'changed' | 'removed';
  readonly key: string;
  /** The live value's text and short hash; absent for an added key. */
  readonly before?: DiffValue;
  /** The proposed value's text and short hash; absent for a removed key. */
  readonly after?: DiffValue;
}

/**
 * A value in a diff: its short hash always; its text only with `--show-values`, except an `enc:`
 * value, always shown as `[secret <kid>]` (which tells a changed secret from a re-keyed one without
 * showing it), or its plaintext with `--show-secrets`.
 */
export interface DiffValue {
  readonly hash: string;
  readonly value?: string;
  /** Set when `value` is the `[secret <kid>]` that stands for an `enc:` value (printed bare, not quoted). */
  readonly secret?: true;
}

/** The key-level difference between the live keys and a proposal, in key order. */
export interface KeyDiff {
  readonly prefix: string;
  readonly changes: readonly KeyChange[];
  readonly unchanged: number;
}

/**
 * The keys a proposal adds, changes and removes relative to the live ones; values only when
 * `showValues`, each rendered by `renderStoredValue` (secrets as `[secret <kid>]` unless `view`
 * opens them). Hashes are keyed per run (`runHash`): equal values show equal hashes within one
 * diff, but a short hash cannot be brute-forced back into a short secret.
 */
export function diffKeys(prefix: string, live: KeyValues, proposed: KeyValues, showValues: boolean, view: SecretView = {}): KeyDiff {
  const describe = (text: string, key: string): DiffValue => {
    const shown = renderStoredValue(text, key, view);
    const placeholder = shown !== text && !view.keyring;
    return { hash: runHash(text), ...((showValues || shown !== text) && { value: shown }), ...(placeholder && { secret: true as const }) };
  };
  const changes: KeyChange[] = [];
  let unchanged = 0;
  for (const key of [...new Set([...live.keys(), ...proposed.keys()])].sort()) {
    const before = live.get(key);
    const after = proposed.get(key);
    if (before === after) unchanged++;
    else if (before === undefined) changes.push({ kind: 'added', key, after: describe(after!, key) });
    else if (after === undefined) changes.push({ kind: 'removed', key, before: describe(before, key) });
    else changes.push({ kind: 'changed', key, before: describe(before, key), after: describe(after, key) });
  }
  return { prefix, changes, unchanged };
}
