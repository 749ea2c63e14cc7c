/**
 * `@config-center/core/secrets`: the one owner of the `enc:` envelope, for the core and for tools
 * (the `config-center` CLI's `encrypt`, `decrypt` and `keygen`), without loading Nest or rxjs. An
 * envelope is `enc:v1:aes256gcm:<kid>:<nonce>:<ciphertext||tag>` (AES-256-GCM, a random 96-bit
 * nonce, base64url fields, the config path bound as associated data); keys are 32 bytes, held in a
 * `SecretKeyring` — from a key directory of `<kid>.key` files (`readKeyDir`), inline keys, or the
 * module's `secrets` options (`keyringOf`).
 *
 * @example
 * ```ts
 * const keyring = new StaticKeyring(readKeyDir('/run/secrets/config-center'));
 * const value = encryptValue('s3cret', 'k1', { path: 'db.password', keyring });
 * ```
 */
export { encryptValue, decryptValue, type SecretContext } from './secrets/secret-cipher';
export {
  isEnvelope,
  parseEnvelope,
  formatEnvelope,
  ENVELOPE_PREFIX,
  ENVELOPE_VERSION,
  AES_256_GCM,
  KID_PATTERN,
  type SecretEnvelope,
} from './secrets/secret-envelope';
export { StaticKeyring, parseKeyText, NO_KEYS, KEY_BYTES, type SecretKeyring } from './secrets/secret-keyring';
export { readKeyDir, keyringOf, KEY_FILE_SUFFIX } from './secrets/key-dir';
export { SecretEnvelopeError, SecretKeyError, type SecretFailure } from './errors/config-secret.error';
export type { SecretsOptions } from './interfaces/config-center-options.interface';
