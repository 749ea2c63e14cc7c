import { SecretEnvelopeError } from '../errors';

/** What every envelope starts with: a text value that starts so is never served as it is. */
export const ENVELOPE_PREFIX = 'enc:';

/** The envelope version this library writes and reads. */
export const ENVELOPE_VERSION = 'v1';

/** The one algorithm of `v1` so far: AES-256-GCM under a named 32-byte key. */
export const AES_256_GCM = 'aes256gcm';

/** A key id: letters, digits, `_` and `-`, 1 to 64 of them (a file name in a key directory, never a `:`). */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** AES-GCM's nonce (96 bits) and tag (128 bits), in bytes. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/**
 * The fields of an envelope, `enc:v1:aes256gcm:<kid>:<nonce>:<ciphertext||tag>`, the last two
 * base64url without padding.
 */
export interface SecretEnvelope {
  readonly version: string;
  readonly algorithm: string;
  readonly kid: string;
  readonly nonce: Buffer;
  /** The ciphertext with the 16-byte GCM tag after it. */
  readonly sealed: Buffer;
}

/** Whether a config value is an envelope (it starts `enc:`); such a value is opened or refused, never served as text. */
export function isEnvelope(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);
}

/** The text of an envelope. */
export function formatEnvelope(envelope: SecretEnvelope): string {
  const { version, algorithm, kid, nonce, sealed } = envelope;
  return [ENVELOPE_PREFIX + version, algorithm, kid, nonce.toString('base64url'), sealed.toString('base64url')].join(':');
}

/**
 * The fields of the envelope `text` at config path `path`; a `SecretEnvelopeError` naming the field
 * that breaks the grammar (never the text) when it does not follow it.
 */
export function parseEnvelope(text: string, path: string): SecretEnvelope {
  const malformed = (detail: string, kid?: string) => new SecretEnvelopeError(path, 'malformed', detail, kid);
  if (!text.startsWith(ENVELOPE_PREFIX)) throw malformed(`an envelope starts with '${ENVELOPE_PREFIX}'`);
  const fields = text.slice(ENVELOPE_PREFIX.length).split(':');
  const [version, algorithm, kid, nonceText, sealedText] = fields;
  if (version !== ENVELOPE_VERSION) {
    throw new SecretEnvelopeError(path, 'unsupported', `the envelope version is not '${ENVELOPE_VERSION}'`);
  }
  if (algorithm !== AES_256_GCM) throw new SecretEnvelopeError(path, 'unsupported', `the algorithm is not '${AES_256_GCM}'`);
  if (fields.length !== 5) throw malformed(`an envelope has 6 fields separated by ':' (it has ${fields.length + 1})`);
  if (!KID_PATTERN.test(kid)) throw malformed('the key id is not 1-64 letters, digits, _ or -');
  const nonce = decodeField(nonceText);
  if (nonce?.length !== NONCE_BYTES) throw malformed(`the nonce is not ${NONCE_BYTES} bytes of base64url`, kid);
  const sealed = decodeField(sealedText);
  if (!sealed || sealed.length < TAG_BYTES) throw malformed(`the ciphertext is not base64url of at least ${TAG_BYTES} bytes`, kid);
  return { version, algorithm, kid, nonce, sealed };
}

/** Base64url without padding, strictly: text that is not exactly the encoding of its bytes is none. */
function decodeField(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
