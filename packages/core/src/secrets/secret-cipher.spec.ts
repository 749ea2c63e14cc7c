import { randomBytes } from 'node:crypto';
import { SecretEnvelopeError } from '../errors';
import { decryptValue, encryptValue } from './secret-cipher';
import { isEnvelope, parseEnvelope } from './secret-envelope';
import { StaticKeyring } from './secret-keyring';

const k1 = randomBytes(32);
const keyring = new StaticKeyring(new Map([['k1', k1]]));
const at = (path: string) => ({ path, keyring });

/** The error `decryptValue` throws for `text` at `path`, or a failure when it opens. */
function refusal(text: string, path = 'db.password', keys = keyring): SecretEnvelopeError {
  try {
    decryptValue(text, { path, keyring: keys });
  } catch (error) {
    if (error instanceof SecretEnvelopeError) return error;
    throw error;
  }
  throw new Error('the envelope opened');
}

/** `text` with field `index` (0: `enc`) replaced by `field`. */
function withField(text: string, index: number, field: string): string {
  const fields = text.split(':');
  fields[index] = field;
  return fields.join(':');
}

describe('the enc: envelope (AES-256-GCM)', () => {
  const envelope = encryptValue('s3cret pässword', 'k1', at('db.password'));

  it('round-trips a value at its path, in the documented grammar, with a fresh nonce each time', () => {
    expect(envelope).toMatch(/^enc:v1:aes256gcm:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain('s3cret');
    expect(decryptValue(envelope, at('db.password'))).toBe('s3cret pässword');
    expect(encryptValue('s3cret pässword', 'k1', at('db.password'))).not.toBe(envelope);
    expect(decryptValue(encryptValue('', 'k1', at('a')), at('a'))).toBe('');
  });

  it('refuses another key of the same id', () => {
    const other = new StaticKeyring(new Map([['k1', randomBytes(32)]]));
    expect(refusal(envelope, 'db.password', other)).toMatchObject({ failure: 'not-authentic', kid: 'k1', path: 'db.password' });
  });

  it('refuses a value copied to another path', () => {
    expect(refusal(envelope, 'db.replica.password')).toMatchObject({ failure: 'not-authentic', kid: 'k1' });
  });

  it('refuses each changed byte of the nonce and the ciphertext', () => {
    const bytes = (field: number) => Buffer.from(envelope.split(':')[field], 'base64url');
    for (const field of [4, 5]) {
      for (let i = 0; i < bytes(field).length; i++) {
        const changed = bytes(field);
        changed[i] ^= 0x01;
        expect(refusal(withField(envelope, field, changed.toString('base64url'))).failure).toBe('not-authentic');
      }
    }
  });

  it('refuses an envelope re-labelled with another key id held', () => {
    const two = new StaticKeyring(
      new Map([
        ['k1', k1],
        ['k2', k1],
      ]),
    );
    expect(refusal(withField(envelope, 3, 'k2'), 'db.password', two)).toMatchObject({ failure: 'not-authentic', kid: 'k2' });
  });

  it('refuses an unknown key id, naming it', () => {
    const error = refusal(withField(envelope, 3, 'k9'));
    expect(error).toMatchObject({ failure: 'unknown-kid', kid: 'k9' });
    expect(error.message).toBe("cannot decrypt the value at 'db.password' (key 'k9'): no key with this id is held");
    expect(() => encryptValue('x', 'k9', at('a'))).toThrow(/no key with this id is held/);
  });

  it.each([
    ['another version', withField(envelope, 1, 'v2'), 'unsupported'],
    ['another algorithm', withField(envelope, 2, 'aes128gcm'), 'unsupported'],
    ['an empty key id', withField(envelope, 3, ''), 'malformed'],
    ['a key id with a dot', withField(envelope, 3, 'k.1'), 'malformed'],
    ['a short nonce', withField(envelope, 4, 'AAAA'), 'malformed'],
    ['a nonce that is not base64url', withField(envelope, 4, 'AAAAAAAAAAAAAAA+'), 'malformed'],
    ['a padded nonce', withField(envelope, 4, `${envelope.split(':')[4]}=`), 'malformed'],
    ['no ciphertext', withField(envelope, 5, ''), 'malformed'],
    ['a ciphertext shorter than the tag', withField(envelope, 5, 'AAAA'), 'malformed'],
    ['a field too many', `${envelope}:x`, 'malformed'],
    ['a field too few', envelope.split(':').slice(0, 5).join(':'), 'malformed'],
    ['only the prefix', 'enc:', 'unsupported'],
    ['the prefix and text', 'enc:hunter2', 'unsupported'],
  ])('refuses %s, naming no value', (_, text, failure) => {
    const error = refusal(text);
    expect(error.failure).toBe(failure);
    expect(error.message).toMatch(/^cannot decrypt the value at 'db\.password'/);
    expect(error.message).not.toContain(envelope.split(':')[5]);
    expect(error.message).not.toContain('hunter2');
  });

  it('takes every text that starts enc: for an envelope, and nothing else', () => {
    expect(isEnvelope('enc:hunter2')).toBe(true);
    expect(isEnvelope('encoded')).toBe(false);
    expect(isEnvelope(5)).toBe(false);
    expect(() => parseEnvelope('plain', 'a')).toThrow(SecretEnvelopeError);
  });
});
