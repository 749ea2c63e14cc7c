import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretKeyError } from '../errors';
import { keyringOf, readKeyDir } from './key-dir';

describe('the keys of the secrets options', () => {
  let dir: string;
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cc-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The error `keyringOf` throws, which must name `where` and never the key text. */
  const refusalOf = (options: Parameters<typeof keyringOf>[0], keyText: string): string => {
    try {
      keyringOf(options);
    } catch (error) {
      expect(error).toBeInstanceOf(SecretKeyError);
      const { message } = error as SecretKeyError;
      if (keyText.trim()) expect(message).not.toContain(keyText.trim());
      return message;
    }
    throw new Error('the keys were taken');
  };

  it('reads <kid>.key files of a key directory and inline keys, passing over other entries', () => {
    writeFileSync(join(dir, 'k1.key'), `${k1.toString('base64')}\n`);
    writeFileSync(join(dir, 'README'), 'not a key');
    writeFileSync(join(dir, '..data'), 'a mount entry');
    const keyring = keyringOf({ keyDir: dir, keys: { k2: k2.toString('base64') } });
    expect(keyring.kids()).toEqual(['k1', 'k2']);
    expect(keyring.key('k1')?.equals(k1)).toBe(true);
    expect(keyring.key('k2')?.equals(k2)).toBe(true);
    expect([...readKeyDir(dir).keys()]).toEqual(['k1']);
  });

  it('has no keys without options: every envelope is refused', () => {
    expect(keyringOf(undefined).kids()).toEqual([]);
  });

  it.each([
    ['is not base64', 'not*base64!'],
    ['is not base64 of 32 bytes (it decodes to 16)', randomBytes(16).toString('base64')],
    ['has no value', ''],
  ])('refuses an inline key that %s, naming its id', (reason, text) => {
    expect(refusalOf({ keys: { k1: text } }, text)).toBe(`secret key secrets.keys.k1: ${reason}`);
  });

  it('refuses an inline key without a value (an unset variable), naming its id', () => {
    expect(refusalOf({ keys: { k1: undefined } }, '')).toBe('secret key secrets.keys.k1: has no value');
  });

  it('refuses a key file of the wrong length, naming the file', () => {
    const text = randomBytes(31).toString('base64');
    writeFileSync(join(dir, 'k3.key'), text);
    expect(refusalOf({ keyDir: dir }, text)).toBe(`secret key file '${join(dir, 'k3.key')}': is not base64 of 32 bytes (it decodes to 31)`);
  });

  it('refuses a key directory that cannot be read, and two different keys of one id', () => {
    expect(refusalOf({ keyDir: join(dir, 'missing') }, '')).toMatch(/^secret key directory '.*missing': cannot be read \(ENOENT\)$/);
    writeFileSync(join(dir, 'k1.key'), k1.toString('base64'));
    expect(refusalOf({ keyDir: dir, keys: { k1: k2.toString('base64') } }, k2.toString('base64'))).toBe(
      'secret key secrets.keys.k1: differs from the key of the same id in keyDir',
    );
  });
});
