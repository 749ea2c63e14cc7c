import { randomBytes } from 'node:crypto';
import { SecretEnvelopeError } from '../errors';
import { OpenedValues } from './opened-values';
import { encryptValue } from './secret-cipher';
import { StaticKeyring } from './secret-keyring';

describe('OpenedValues: the last envelope opened at each path', () => {
  const k1 = randomBytes(32);
  const held = new StaticKeyring(new Map([['k1', k1]]));
  const sealed = encryptValue('pw-1', 'k1', { path: 'db.password', keyring: held });

  it('gives the plaintext of the same text at the same path again', () => {
    const opened = new OpenedValues();
    expect(opened.open(sealed, 'db.password', held)).toBe('pw-1');
    expect(opened.open(sealed, 'db.password', held)).toBe('pw-1');
  });

  it('opens nothing from memory once the key is removed or replaced, nor at another path', () => {
    const opened = new OpenedValues();
    opened.open(sealed, 'db.password', held);
    expect(() => opened.open(sealed, 'db.password', new StaticKeyring(new Map()))).toThrow(SecretEnvelopeError);
    const replaced = new StaticKeyring(new Map([['k1', randomBytes(32)]]));
    expect(() => opened.open(sealed, 'db.password', replaced)).toThrow(/does not authenticate/);
    // The same bytes under a keyring read again: opened again, not served from memory, and it opens.
    expect(opened.open(sealed, 'db.password', new StaticKeyring(new Map([['k1', Buffer.from(k1)]])))).toBe('pw-1');
    expect(() => opened.open(sealed, 'db.replica.password', held)).toThrow(/does not authenticate/);
  });
});
