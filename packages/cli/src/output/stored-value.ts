import { decryptValue, isEnvelope, parseEnvelope, SecretEnvelopeError, type SecretKeyring } from '@config-center/core/secrets';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';

/**
 * How a command shows encrypted values: as `[secret <kid>]` by default; opened only when the
 * operator asked (`--show-secrets`) and the key directory's keys are given here.
 */
export interface SecretView {
  /** The keys that open envelopes for `--show-secrets`; absent, no envelope is opened. */
  readonly keyring?: SecretKeyring;
}

/** The config path an envelope stored at `key` is bound to (`db/password` → `db.password`), as the app reads it. */
export function pathOfKey(key: string): string {
  return key.split('/').join('.');
}

/** What stands for an envelope in output: `[secret k2]`, or `[secret malformed]` when it names no readable key id. */
export function secretPlaceholder(text: string, key: string): string {
  try {
    return `[secret ${parseEnvelope(text, pathOfKey(key)).kid}]`;
  } catch {
    return '[secret malformed]';
  }
}

const PLACEHOLDER = /^\[secret (?:[A-Za-z0-9_-]{1,64}|malformed)\]$/;

/**
 * Whether `text` is what output puts in place of an envelope (`[secret k2]`): a file `export`
 * wrote holds it where a secret was, and publishing it would replace the secret with that text.
 */
export function isSecretPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}

/**
 * The one renderer of a stored value (the text of `key`) for output — `get`, `export`, `diff`,
 * `show`: a plain value as it is; an `enc:` value as `[secret <kid>]`, never its ciphertext (which
 * names the key and says how long the plaintext is) nor its plaintext, unless `view` holds the keys
 * (`--show-secrets`); then the plaintext, or exit 1 naming the path and key id when it cannot be opened.
 */
export function renderStoredValue(text: string, key: string, view: SecretView = {}): string {
  if (!isEnvelope(text)) return text;
  if (!view.keyring) return secretPlaceholder(text, key);
  try {
    return decryptValue(text, { path: pathOfKey(key), keyring: view.keyring });
  } catch (error) {
    if (error instanceof SecretEnvelopeError) {
      const hint = error.failure === 'unknown-kid' ? `; the key directory has no '${error.kid}.key'` : '';
      throw new CliError(`--show-secrets: ${error.message}${hint}`, ExitCode.invalid);
    }
    throw error;
  }
}

/** Every value of `values` rendered by `renderStoredValue`, keys unchanged. */
export function renderStoredValues(values: KeyValues, view: SecretView = {}): Map<string, string> {
  return new Map([...values].map(([key, text]) => [key, renderStoredValue(text, key, view)]));
}
