import { randomBytes } from 'node:crypto';
import { encryptValue, StaticKeyring } from '@config-center/core/secrets';
import { CliError } from '../cli-error';
import { isSecretPlaceholder, renderStoredValue, renderStoredValues } from './stored-value';

const keyring = new StaticKeyring(new Map([['k2', randomBytes(32)]]));
const sealed = encryptValue('s3cret-pl41n', 'k2', { path: 'db.password', keyring });

describe('renderStoredValue', () => {
  it('shows a plain value as it is, an envelope as [secret <kid>], a malformed one as [secret malformed]', () => {
    expect(renderStoredValue('5', 'rateLimit/limit')).toBe('5');
    expect(renderStoredValue(sealed, 'db/password')).toBe('[secret k2]');
    expect(renderStoredValue('enc:v1:aes256gcm:k2:short', 'db/password')).toBe('[secret malformed]');
    expect(renderStoredValues(new Map([['db/password', sealed]]))).toEqual(new Map([['db/password', '[secret k2]']]));
  });

  it('opens the envelope with the keys of --show-secrets, at the path of its key only', () => {
    expect(renderStoredValue(sealed, 'db/password', { keyring })).toBe('s3cret-pl41n');
    expect(() => renderStoredValue(sealed, 'db/user', { keyring })).toThrow(CliError);
    expect(() => renderStoredValue(sealed, 'db/password', { keyring: new StaticKeyring(new Map()) })).toThrow(
      "cannot decrypt the value at 'db.password' (key 'k2'): no key with this id is held; the key directory has no 'k2.key'",
    );
  });

  it('knows its own stand-ins, and nothing else, as placeholders', () => {
    expect([renderStoredValue(sealed, 'db/password'), '[secret malformed]'].every(isSecretPlaceholder)).toBe(true);
    expect(['[secret]', '[secret k2] ', 'secret k2', '[secret a:b]'].some(isSecretPlaceholder)).toBe(false);
  });
});
