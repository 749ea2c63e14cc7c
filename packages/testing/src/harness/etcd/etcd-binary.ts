import { spawnSync } from 'node:child_process';
import { requiredBinary } from '../required-binary';

/**
 * The etcd server binary: `$ETCD_BIN`, else `etcd` on the PATH (Debian package `etcd-server`).
 * Throws when it is missing — tests that need etcd fail loudly, they never skip.
 */
export function etcdBinary(): string {
  return requiredBinary({ what: 'The etcd server binary', command: 'etcd', env: 'ETCD_BIN', debianPackage: 'etcd-server' });
}

/** The version etcd reports, e.g. `3.4.23`. */
export function etcdVersion(): string {
  const output = spawnSync(etcdBinary(), ['--version'], { encoding: 'utf8' }).stdout;
  return /etcd Version:\s*(\S+)/.exec(output)?.[1] ?? 'unknown';
}
