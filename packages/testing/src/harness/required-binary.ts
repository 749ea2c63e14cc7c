import { spawnSync } from 'node:child_process';

const found = new Map<string, string>();

/** A program a test needs, and how a machine gets it. */
export interface RequiredBinary {
  /** How errors name it: `the etcd server binary`, `promtool`. */
  readonly what: string;
  /** The command to run when `env` is not set. */
  readonly command: string;
  /** The environment variable that may give its path. */
  readonly env: string;
  /** The Debian package that installs it. */
  readonly debianPackage: string;
}

/**
 * The path of a program tests run: `$<env>`, else `command` on the PATH, checked once with
 * `--version`. Throws when it cannot be run — tests that need it fail loudly, they never skip.
 */
export function requiredBinary({ what, command, env, debianPackage }: RequiredBinary): string {
  const known = found.get(env);
  if (known) return known;
  const candidate = process.env[env] || command;
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${what} '${candidate}' cannot be run (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        `Install the Debian package ${debianPackage} (bash .ci/run does) or set ${env} to its path.`,
    );
  }
  found.set(env, candidate);
  return candidate;
}
