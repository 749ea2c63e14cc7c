import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  KEY_BYTES,
  KEY_FILE_SUFFIX,
  KID_PATTERN,
  readKeyDir,
  SecretKeyError,
  StaticKeyring,
  type SecretKeyring,
} from '@config-center/core/secrets';
import { CliError, ExitCode } from '../cli-error';
import type { CliSettings } from '../settings/cli-settings.interface';

/** The key directory of a run: `--key-dir`, else `$CONFIG_CENTER_KEY_DIR`, else `secrets.keyDir` of the project file. */
export function keyDirOf(flag: string | undefined, settings: CliSettings, cwd: string): string {
  const dir = flag === undefined ? settings.keyDir : resolve(cwd, flag);
  if (dir === undefined) {
    throw new CliError('no key directory: give --key-dir, CONFIG_CENTER_KEY_DIR or secrets.keyDir in config-center.yaml', ExitCode.usage);
  }
  return dir;
}

/** The keys of a key directory; a usage error naming the file (never a key) when one cannot be read or is not 32 bytes. */
export function keyringOfDir(dir: string): SecretKeyring {
  try {
    return new StaticKeyring(readKeyDir(dir));
  } catch (error) {
    if (error instanceof SecretKeyError) throw new CliError(error.message, ExitCode.usage);
    throw error;
  }
}

/**
 * Writes a new random 32-byte key as `<dir>/<kid>.key` (base64, mode 0600; the directory made
 * 0700 when missing) and returns the file's path. Refuses a bad key id and an existing file: a key
 * overwritten is every value under it lost.
 */
export function keygenCommand(dir: string, kid: string): string {
  if (!KID_PATTERN.test(kid)) throw new CliError(`--kid '${kid}' is not 1-64 letters, digits, _ or -`, ExitCode.usage);
  const file = join(dir, `${kid}${KEY_FILE_SUFFIX}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`the key file '${file}' exists: keygen never overwrites a key`, ExitCode.invalid);
    throw new CliError(`cannot write the key file '${file}': ${code ?? 'unwritable'}`, ExitCode.usage);
  }
  return file;
}
