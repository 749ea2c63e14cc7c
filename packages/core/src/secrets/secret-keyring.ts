import { SecretKeyError } from '../errors';
import { KID_PATTERN } from './secret-envelope';

/** The length of an AES-256 key, in bytes. */
export const KEY_BYTES = 32;

/**
 * The port through which envelopes are opened and sealed: the keys an instance or a tool holds, by
 * key id. `StaticKeyring` holds a fixed set; a keyring that watches a key directory, or one that
 * holds age identities, implements the same port.
 */
export interface SecretKeyring {
  /** The 32-byte key with id `kid`, or `undefined` when it is not held. */
  key(kid: string): Buffer | undefined;
  /** The ids of the keys held, sorted (what an instance report may list, never the keys). */
  kids(): readonly string[];
}

/** A keyring of a fixed set of keys, each checked: a key id of the envelope grammar and 32 bytes. */
export class StaticKeyring implements SecretKeyring {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(keys: ReadonlyMap<string, Buffer>) {
    for (const [kid, key] of keys) {
      if (!KID_PATTERN.test(kid)) throw new SecretKeyError(`'${kid}'`, 'the key id is not 1-64 letters, digits, _ or -');
      if (key.length !== KEY_BYTES) throw new SecretKeyError(`'${kid}'`, `the key is not ${KEY_BYTES} bytes`);
    }
    this.keys = new Map(keys);
  }

  key(kid: string): Buffer | undefined {
    return this.keys.get(kid);
  }

  kids(): readonly string[] {
    return [...this.keys.keys()].sort();
  }
}

/** An empty keyring: every envelope names a key it does not hold, so each is refused (fail closed). */
export const NO_KEYS: SecretKeyring = new StaticKeyring(new Map());

/**
 * The 32 bytes a key's text spells: standard base64 (or base64url), padding optional, surrounding
 * whitespace ignored (a file's trailing newline). A `SecretKeyError` naming `location` — never the
 * text — when it is not base64 or not 32 bytes.
 */
export function parseKeyText(text: string | undefined, location: string): Buffer {
  const trimmed = (text ?? '').trim();
  if (!trimmed) throw new SecretKeyError(location, 'has no value');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new SecretKeyError(location, 'is not base64');
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) throw new SecretKeyError(location, `is not base64 of ${KEY_BYTES} bytes (it decodes to ${bytes.length})`);
  return bytes;
}
