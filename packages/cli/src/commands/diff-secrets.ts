import { decryptValue, isEnvelope, parseEnvelope, SecretEnvelopeError, type SecretKeyring } from '@config-center/core/secrets';
import type { KeyValues } from '../config-keys';
import { pathOfKey } from '../output/stored-value';
import type { KeyChange } from './key-diff';
import { uncheckedSecretText, type UncheckedSecret } from './validation-report';

/** What `diff` found of the `enc:` values a publish would write: which it could not check, and which fail. */
export interface DiffSecrets {
  readonly unchecked: readonly UncheckedSecret[];
  /** An envelope that is malformed, or with keys at hand does not open: the path and why, never a value. */
  readonly problems: readonly { readonly path: string; readonly message: string }[];
}

/**
 * The `enc:` values among the keys a publish would add or change (`after`), checked as `validate`
 * checks them: opened with `keyring` when keys are at hand; without, their grammar and key id only
 * (a malformed one is a problem, a well-formed one a warning that its value was not checked).
 */
export function checkDiffSecrets(changes: readonly KeyChange[], after: KeyValues, source: string, keyring?: SecretKeyring): DiffSecrets {
  const unchecked: UncheckedSecret[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const { kind, key } of changes) {
    const text = after.get(key);
    if (kind === 'removed' || !isEnvelope(text)) continue;
    const path = pathOfKey(key);
    try {
      if (keyring) decryptValue(text, { path, keyring });
      else unchecked.push({ path, kid: parseEnvelope(text, path).kid, source });
    } catch (error) {
      if (!(error instanceof SecretEnvelopeError)) throw error;
      const message = error.failure === 'malformed' ? 'the encrypted value is malformed' : `cannot be decrypted with key '${error.kid}'`;
      problems.push({ path, message: `${message}: ${error.detail}` });
    }
  }
  return { unchecked, problems };
}

/** The lines `diff` prints for them: one per problem, then one warning per value not checked. */
export function formatDiffSecrets({ unchecked, problems }: DiffSecrets): string[] {
  return [
    ...problems.map(({ path, message }) => `${path}: ${message}`),
    ...unchecked.map((secret) => `warning: ${uncheckedSecretText(secret)}`),
  ];
}
