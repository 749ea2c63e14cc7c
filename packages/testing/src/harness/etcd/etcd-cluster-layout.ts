import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port';
import type { TestCertificates } from '../test-certificates';
import { EtcdMember } from './etcd-member';
import type { EtcdMemberTls } from './etcd-member-spec.interface';

/** How to start a cluster. */
export interface EtcdClusterOptions {
  /** 1 (default) or 3 for failover tests. */
  readonly members?: number;
  /** Serve clients over TLS with generated certificates; `mtls` also requires client certificates. */
  readonly tls?: 'tls' | 'mtls';
  /** More etcd flags for every member. */
  readonly extraArgs?: readonly string[];
}

/** One member per requested size, each on two free ports with its own data dir under `root`. */
export async function createMembers(root: string, options: EtcdClusterOptions, certificates?: TestCertificates): Promise<EtcdMember[]> {
  const ports: { client: number; peer: number }[] = [];
  for (let i = 0; i < (options.members ?? 1); i++) ports.push({ client: await freePort(), peer: await freePort() });
  const initialCluster = ports.map((p, i) => `n${i}=http://127.0.0.1:${p.peer}`).join(',');
  const clusterToken = `config-center-${randomUUID()}`;
  const tls: EtcdMemberTls | undefined = certificates && {
    caFile: certificates.caFile,
    certFile: certificates.serverCertFile,
    keyFile: certificates.serverKeyFile,
    clientCertAuth: options.tls === 'mtls',
    clientCertFile: certificates.clientCertFile,
    clientKeyFile: certificates.clientKeyFile,
  };
  return ports.map((p, i) => {
    const dataDir = join(root, `n${i}`);
    mkdirSync(dataDir, { mode: 0o700 });
    const spec = { name: `n${i}`, clientPort: p.client, peerPort: p.peer, dataDir, initialCluster, clusterToken, tls };
    return new EtcdMember({ ...spec, extraArgs: options.extraArgs });
  });
}

/**
 * A new temp directory for one cluster's data dirs and certificates: in /dev/shm when it can be
 * written, for fast fsyncs, else in the system's temp dir.
 */
export function makeClusterRoot(): string {
  return mkdtempSync(join(tempRoot(), 'config-center-etcd-'));
}

function tempRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}
