import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SecretView } from '../output/stored-value';
import type { CliSettings } from '../settings/cli-settings.interface';

/** The flags of a command that prints stored values, as the argument parser gives them. */
export interface SecretFlags {
  readonly showSecrets?: boolean;
  readonly keyDir?: string;
}

/** The help of `--key-dir`: where keys come from when it is not given. */
export const KEY_DIR_HELP = 'the directory of <kid>.key files (default: CONFIG_CENTER_KEY_DIR, or secrets.keyDir in config-center.yaml)';

/**
 * Adds `--show-secrets` and `--key-dir DIR` to a command that prints stored values (`get`,
 * `export`, `diff`, `show`): without them an `enc:` value prints as `[secret <kid>]`.
 */
export function withSecretFlags(command: Command): Command {
  return command
    .option('--show-secrets', 'print the plaintext of enc: values (needs their keys); by default each is [secret <kid>]')
    .option('--key-dir <dir>', `for --show-secrets (and diff's checks of enc: values): ${KEY_DIR_HELP}`);
}

/**
 * How the run shows `enc:` values: opened with the key directory's keys under `--show-secrets`,
 * else as `[secret <kid>]`; the keys are read only when asked for (a usage error when none is set).
 */
export async function secretViewOf(flags: SecretFlags, settings: CliSettings, cwd: string): Promise<SecretView> {
  if (!flags.showSecrets) return {};
  const { keyDirOf, keyringOfDir } = await import('./secret-keys');
  return { keyring: keyringOfDir(keyDirOf(flags.keyDir, settings, cwd)) };
}

/** Adds `--key-dir DIR` to a command that opens `enc:` values to validate them (`validate`, `publish`). */
export function withKeyDirFlag(command: Command): Command {
  return command.option('--key-dir <dir>', `${KEY_DIR_HELP}; without keys, enc: values are checked but not their values`);
}

/** `settings` with the key directory `--key-dir` gives (relative to `cwd`), when it gives one. */
export function withKeyDir<T extends CliSettings>(settings: T, flag: string | undefined, cwd: string): T {
  return flag === undefined ? settings : { ...settings, keyDir: resolve(cwd, flag) };
}
