import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestCertificates } from '../test-certificates';
import { createMembers, makeClusterRoot } from './etcd-cluster-layout';

describe('etcd cluster layout', () => {
  let root: string;

  beforeEach(() => (root = makeClusterRoot()));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes each cluster a new temp root, in /dev/shm when it can', () => {
    const other = makeClusterRoot();
    try {
      expect(other).not.toBe(root);
      expect(['/dev/shm', tmpdir()]).toContain(dirname(root));
      expect(statSync(root).isDirectory()).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('gives each member its own ports and private data dir, and every member the whole cluster', async () => {
    const members = await createMembers(root, { members: 3, extraArgs: ['--quota-backend-bytes', '1048576'] });
    expect(members.map((member) => member.name)).toEqual(['n0', 'n1', 'n2']);
    const ports = members.flatMap(({ spec }) => [spec.clientPort, spec.peerPort]);
    expect(new Set(ports).size).toBe(6);
    for (const { spec } of members) {
      expect(statSync(spec.dataDir).mode & 0o777).toBe(0o700);
      expect(dirname(spec.dataDir)).toBe(root);
      expect(spec.extraArgs).toEqual(['--quota-backend-bytes', '1048576']);
      expect(spec.tls).toBeUndefined();
    }
    const initialCluster = members.map((member) => `${member.name}=${member.peerUrl}`).join(',');
    expect(members.map(({ spec }) => spec.initialCluster)).toEqual([initialCluster, initialCluster, initialCluster]);
    expect(new Set(members.map(({ spec }) => spec.clusterToken)).size).toBe(1);
    expect(members[0].clientUrl).toBe(`http://127.0.0.1:${members[0].spec.clientPort}`);
  });

  it('serves one member by default, over TLS with the server certificate, requiring client certificates for mtls', async () => {
    const certificates = createTestCertificates(root);
    const [tls] = await createMembers(root, { tls: 'tls' }, certificates);
    const mtlsRoot = join(root, 'mtls');
    mkdirSync(mtlsRoot);
    const [mtls, more] = await createMembers(mtlsRoot, { tls: 'mtls' }, certificates);
    expect(more).toBeUndefined();
    expect(tls.spec.tls).toEqual({
      caFile: certificates.caFile,
      certFile: certificates.serverCertFile,
      keyFile: certificates.serverKeyFile,
      clientCertAuth: false,
      clientCertFile: certificates.clientCertFile,
      clientKeyFile: certificates.clientKeyFile,
    });
    expect(mtls.spec.tls?.clientCertAuth).toBe(true);
    expect(tls.clientUrl).toBe(`https://localhost:${tls.spec.clientPort}`);
  });
});
