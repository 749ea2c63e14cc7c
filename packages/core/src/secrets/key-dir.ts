import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretKeyError } from '../errors';
import type { SecretsOptions } from '../interfaces/config-center-options.interface';
import { KID_PATTERN } from './secret-envelope';
import { NO_KEYS, parseKeyText, StaticKeyring, type SecretKeyring } from './secret-keyring';

/** What a key file's name ends with: `<kid>.key`, base64 of 32 bytes. */
export const KEY_FILE_SUFFIX = '.key';

/**
 * The keys of a key directory, by key id: each `<kid>.key` file (base64 of 32 bytes). Other files
 * (a Kubernetes mount's `..data` and dot entries) are passed over. An unreadable directory or file,
 * or a key that is not 32 bytes of base64, is a `SecretKeyError` naming the file, never the key.
 */
export function readKeyDir(dir: string): Map<string, Buffer> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new SecretKeyError(`directory '${dir}'`, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  const keys = new Map<string, Buffer>();
  for (const name of names.sort()) {
    const kid = name.slice(0, -KEY_FILE_SUFFIX.length);
    if (!name.endsWith(KEY_FILE_SUFFIX) || name.startsWith('.') || !KID_PATTERN.test(kid)) continue;
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SecretKeyError(`file '${file}'`, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
    keys.set(kid, parseKeyText(text, `file '${file}'`));
  }
  return keys;
}

/**
 * The keyring of the module's `secrets` options, read once: see `keysOf`. No options: no keys, so
 * every `enc:` value is refused. Throws a `SecretKeyError` naming the key id or file.
 */
export function keyringOf(options: SecretsOptions | undefined): SecretKeyring {
  return options ? new StaticKeyring(keysOf(options)) : NO_KEYS;
}

/**
 * The keys of the module's `secrets` options: the key directory's keys, then the inline `keys` (a
 * key id given both ways must be the same key). Throws a `SecretKeyError` naming the key id or file.
 */
export function keysOf(options: SecretsOptions): Map<string, Buffer> {
  const keys = options.keyDir === undefined ? new Map<string, Buffer>() : readKeyDir(options.keyDir);
  for (const [kid, text] of Object.entries(options.keys ?? {})) {
    const key = parseKeyText(text, `secrets.keys.${kid}`);
    const held = keys.get(kid);
    if (held && !held.equals(key)) throw new SecretKeyError(`secrets.keys.${kid}`, 'differs from the key of the same id in keyDir');
    keys.set(kid, key);
  }
  return keys;
}
