import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretEnvelopeError, SecretKeyError } from '../errors';
import { AES_256_GCM, ENVELOPE_VERSION, formatEnvelope, KID_PATTERN, NONCE_BYTES, parseEnvelope, TAG_BYTES } from './secret-envelope';
import type { SecretKeyring } from './secret-keyring';

/** Where a value is sealed or opened: its config path as the app reads it (`db.password`) and the keys at hand. */
export interface SecretContext {
  /** The dotted config path, bound into the envelope as associated data: a value copied to another path fails. */
  readonly path: string;
  readonly keyring: SecretKeyring;
}

/**
 * The associated data of an envelope: its version, algorithm, key id and config path. Binding the
 * header too means an envelope re-labelled with another key id fails as surely as a moved one.
 */
function associatedData(kid: string, path: string): Buffer {
  return Buffer.from(`enc:${ENVELOPE_VERSION}:${AES_256_GCM}:${kid}:${path}`, 'utf8');
}

/**
 * Seals `plaintext` for config path `path` under key `kid` with AES-256-GCM (a random 96-bit
 * nonce per value), as the text value `enc:v1:aes256gcm:<kid>:<nonce>:<ciphertext||tag>`. A key id
 * that is not held (or not of the grammar) is a `SecretKeyError`.
 *
 * @example
 * ```ts
 * const value = encryptValue('s3cret', 'k1', { path: 'db.password', keyring });
 * decryptValue(value, { path: 'db.password', keyring }); // 's3cret'
 * ```
 */
export function encryptValue(plaintext: string, kid: string, { path, keyring }: SecretContext): string {
  if (!KID_PATTERN.test(kid)) throw new SecretKeyError(`'${kid}'`, 'the key id is not 1-64 letters, digits, _ or -');
  const key = keyring.key(kid);
  if (!key) throw new SecretKeyError(`'${kid}'`, 'no key with this id is held');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(kid, path));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return formatEnvelope({ version: ENVELOPE_VERSION, algorithm: AES_256_GCM, kid, nonce, sealed });
}

/**
 * Opens the envelope `text` read at config path `path`: its plaintext, or a `SecretEnvelopeError`
 * naming the path, the key id and why (malformed, unsupported, unknown key id, not authentic —
 * a wrong key, a changed byte or another path). Never a ciphertext passed through.
 */
export function decryptValue(text: string, { path, keyring }: SecretContext): string {
  const { kid, nonce, sealed } = parseEnvelope(text, path);
  const key = keyring.key(kid);
  if (!key) throw new SecretEnvelopeError(path, 'unknown-kid', 'no key with this id is held', kid);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(kid, path));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretEnvelopeError(
      path,
      'not-authentic',
      'it does not authenticate (a wrong key, a changed value, or one moved from another path)',
      kid,
    );
  }
}
