import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, ExitCode } from '../cli-error';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { SecretView } from '../output/stored-value';
import { backendOf } from './backend-of';
import { readVersion } from './history.command';
import { diffKeys, type KeyDiff } from './key-diff';

/** A diff between two versions of the history, or a version and the live keys. */
export interface VersionDiff extends KeyDiff {
  /** `version 3`. */
  readonly from: string;
  /** `version 5`, or `live`. */
  readonly to: string;
}

/**
 * Whether a `diff` argument names a version rather than a proposal: a whole number that is not an
 * existing file or directory (`./3` always names the file).
 */
export function isVersionArgument(argument: string, cwd: string): boolean {
  return /^\d+$/.test(argument) && !existsSync(resolve(cwd, argument));
}

/**
 * `diff VERSION [VERSION]`: the keys that differ between two versions of the history, or between
 * one version and the live keys under the prefix; values only with `showValues`.
 */
export async function diffVersionsCommand(
  settings: CliSettings,
  from: string,
  to: string | undefined,
  showValues: boolean,
  view: SecretView = {},
): Promise<VersionDiff> {
  const backend = backendOf(settings, 'diff VERSION');
  try {
    const before = await readVersion(backend, from);
    const content = (record: { content: Readonly<Record<string, string>> }) => new Map(Object.entries(record.content));
    if (to === undefined) {
      const diff = diffKeys(backend.prefix, content(before), await backend.readKeys(), showValues, view);
      return { ...diff, from: `version ${before.version}`, to: 'live' };
    }
    const after = await readVersion(backend, to);
    const diff = diffKeys(backend.prefix, content(before), content(after), showValues, view);
    return { ...diff, from: `version ${before.version}`, to: `version ${after.version}` };
  } finally {
    backend.close();
  }
}

/** The usage error for `diff FILE OTHER`: only versions come in pairs. */
export function secondArgumentError(target: string): CliError {
  return new CliError(
    `diff takes a second argument only after a VERSION; '${target}' is a file or directory (a whole number that is not a file is a version)`,
    ExitCode.usage,
  );
}
