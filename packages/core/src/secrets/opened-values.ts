import { decryptValue } from './secret-cipher';
import type { SecretKeyring } from './secret-keyring';

/** The last envelope opened at one path: its text, the key that opened it and what it held. */
interface Opened {
  readonly text: string;
  readonly kid: string;
  readonly key: Buffer;
  readonly plaintext: string;
}

/**
 * The last envelope opened at each path of one section, so that a change of one key of a section
 * opens that value only, not every envelope of the section again: an entry serves only the same
 * text at the same path while the keyring holds the very key that opened it (a key replaced or
 * removed opens nothing from here). It holds what the section instance holds already, one entry
 * per path.
 */
export class OpenedValues {
  private readonly byPath = new Map<string, Opened>();

  /** `decryptValue(text, { path, keyring })`, or the plaintext it gave for this very text and key. */
  open(text: string, path: string, keyring: SecretKeyring): string {
    const last = this.byPath.get(path);
    if (last && last.text === text && keyring.key(last.kid) === last.key) return last.plaintext;
    const plaintext = decryptValue(text, { path, keyring });
    // It opened, so it follows the grammar: the key id is its fourth field.
    const kid = text.split(':', 4)[3];
    const key = keyring.key(kid);
    if (key) this.byPath.set(path, { text, kid, key, plaintext });
    return plaintext;
  }
}
