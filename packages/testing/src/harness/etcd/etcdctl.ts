import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where and as whom `etcdctl` talks: endpoints, TLS files, a user. */
export interface EtcdctlTarget {
  /** Client URLs (`http://…` or `https://…`). */
  readonly endpoints: readonly string[];
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  /** `name:password`, once auth is on. */
  readonly user?: string;
}

/**
 * Runs `etcdctl` (Debian package `etcd-client`, or `$ETCDCTL_BIN`) with the v3 API and resolves to
 * its standard output; rejects with its error output on failure. Tests do what etcd3's public API
 * does not offer (compaction, defragmentation, leases, auth, leadership, snapshots) the way an
 * operator does, rather than through members the etcd3 typings tag `@internal`.
 */
export async function etcdctl(args: readonly string[], target?: EtcdctlTarget): Promise<string> {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ETCD'))), ETCDCTL_API: '3' };
  const all = [...(target ? targetFlags(target) : []), ...args];
  try {
    const { stdout } = await promisify(execFile)(process.env.ETCDCTL_BIN || 'etcdctl', all, { env });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`etcdctl ${args.slice(0, 2).join(' ')} failed: ${stderr?.trim() || message}`);
  }
}

/**
 * The member id and the leader's id an endpoint reports (`etcdctl endpoint status`), as decimal
 * strings: they are 64-bit, past what a JSON number holds exactly.
 */
export async function endpointStatus(target: EtcdctlTarget): Promise<{ memberId: string; leader: string }> {
  const output = await etcdctl(['endpoint', 'status', '-w', 'json'], target);
  const memberId = /"member_id":(\d+)/.exec(output)?.[1];
  const leader = /"leader":(\d+)/.exec(output)?.[1];
  if (!memberId || !leader) throw new Error(`etcdctl endpoint status gave no member id or leader: ${output.trim()}`);
  return { memberId, leader };
}

function targetFlags({ endpoints, caFile, certFile, keyFile, user }: EtcdctlTarget): string[] {
  const flags = ['--endpoints', endpoints.join(','), '--command-timeout', '10s'];
  if (caFile) flags.push('--cacert', caFile);
  if (certFile && keyFile) flags.push('--cert', certFile, '--key', keyFile);
  if (user) flags.push('--user', user);
  return flags;
}
