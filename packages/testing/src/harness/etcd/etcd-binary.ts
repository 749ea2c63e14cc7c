import { spawnSync } from 'node:child_process';

let found: string | undefined;

/**
 * The etcd server binary: `$ETCD_BIN`, else `etcd` on the PATH (Debian package `etcd-server`).
 * Throws when it is missing — tests that need etcd fail loudly, they never skip.
 */
export function etcdBinary(): string {
  if (found) return found;
  const candidate = process.env.ETCD_BIN || 'etcd';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `The etcd server binary '${candidate}' cannot be run (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        'Install the Debian package etcd-server (bash .ci/run does) or set ETCD_BIN to its path.',
    );
  }
  found = candidate;
  return found;
}

/** The version etcd reports, e.g. `3.4.23`. */
export function etcdVersion(): string {
  const output = spawnSync(etcdBinary(), ['--version'], { encoding: 'utf8' }).stdout;
  return /etcd Version:\s*(\S+)/.exec(output)?.[1] ?? 'unknown';
}
