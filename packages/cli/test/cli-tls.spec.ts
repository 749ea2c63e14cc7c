import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EtcdCluster } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';

/** `config-center` against etcd serving clients over TLS and mTLS, the built bin as a process. */
describe('config-center over TLS', () => {
  const prefix = '/cli-tls/orders/';
  let tlsCluster: EtcdCluster;
  let mtlsCluster: EtcdCluster;
  let dir: string;
  const cli = (cluster: EtcdCluster, args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, '--etcd', cluster.urls.join(','), '--prefix', prefix, '--author', 'ci-bot', ...args], {
      cwd: dir,
      env,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-tls-'));
    writeFileSync(join(dir, 'proposal.yaml'), 'rateLimit:\n  limit: 7\n');
    [tlsCluster, mtlsCluster] = await Promise.all([EtcdCluster.start({ tls: 'tls' }), EtcdCluster.start({ tls: 'mtls' })]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([tlsCluster?.stop(), mtlsCluster?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('publishes over TLS trusting the CA of CONFIG_CENTER_ETCD_CA', async () => {
    const env = { CONFIG_CENTER_ETCD_CA: tlsCluster.certificates!.caFile };
    const run = await cli(tlsCluster, ['publish', 'proposal.yaml', '-m', 'over TLS'], env);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
    expect(await tlsCluster.client().get(`${prefix}rateLimit/limit`).string()).toBe('7');
    expect(await cli(tlsCluster, ['history'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('over TLS') });
  }, 60_000);

  it('publishes over mTLS with the files of etcd.tls in the project file, relative to it', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'pki'), { recursive: true });
    const certificates = mtlsCluster.certificates!;
    copyFileSync(certificates.caFile, join(project, 'pki', 'ca.crt'));
    copyFileSync(certificates.clientCertFile, join(project, 'pki', 'client.crt'));
    copyFileSync(certificates.clientKeyFile, join(project, 'pki', 'client.key'));
    writeFileSync(
      join(project, 'config-center.yaml'),
      `etcd:\n  endpoints: ${mtlsCluster.urls.join(',')}\n  tls:\n    ca: pki/ca.crt\n    cert: pki/client.crt\n    key: pki/client.key\n` +
        `prefix: ${prefix}\nsections: ${SECTIONS}\nauthor: ci-bot\n`,
    );
    writeFileSync(join(project, 'proposal.yaml'), 'rateLimit:\n  limit: 8\n');
    const run = await runCli(['publish', 'proposal.yaml', '-m', 'over mTLS'], { cwd: project });
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('published version 1') });
    expect(await mtlsCluster.client().get(`${prefix}rateLimit/limit`).string()).toBe('8');
  }, 60_000);

  it('exits 3 with one plain line naming the endpoint and the certificate when the CA is not the one that signed etcd', async () => {
    const env = { CONFIG_CENTER_ETCD_CA: tlsCluster.certificates!.otherCaFile };
    const run = await cli(tlsCluster, ['diff', 'proposal.yaml'], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `config-center: cannot read from etcd at ${tlsCluster.urls[0]}, prefix '${prefix}': the server's TLS certificate is not signed ` +
        `by the CA given in ${env.CONFIG_CENTER_ETCD_CA} (CONFIG_CENTER_ETCD_CA or etcd.tls.ca) (unable to verify the first certificate)`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at |UNAVAILABLE|Resolution note/);
  }, 60_000);

  it('says in plain words when no CA is given for a private certificate, and when mTLS needs a client certificate', async () => {
    const noCa = await cli(tlsCluster, ['diff', 'proposal.yaml']);
    expect(noCa).toMatchObject({ code: 3, stdout: '' });
    expect(noCa.stderr).toContain(
      `etcd at ${tlsCluster.urls[0]}, prefix '${prefix}': the server's TLS certificate is not signed by a CA this machine trusts: ` +
        'give the CA that signed it (CONFIG_CENTER_ETCD_CA or etcd.tls.ca)',
    );
    const noClient = await cli(mtlsCluster, ['validate'], { CONFIG_CENTER_ETCD_CA: mtlsCluster.certificates!.caFile });
    expect(noClient).toMatchObject({ code: 3, stdout: '' });
    const [line, ...more] = noClient.stderr.trim().split('\n');
    expect(more).toEqual([]);
    expect(line).toContain(
      `config-center: cannot read from etcd at ${mtlsCluster.urls[0]}, prefix '${prefix}': etcd requires a client certificate (mTLS): ` +
        'give one (CONFIG_CENTER_ETCD_CERT and CONFIG_CENTER_ETCD_KEY, or etcd.tls.cert and etcd.tls.key)',
    );
    // OpenSSL's own words, short: `(sslv3 alert bad certificate)`, `(tlsv13 alert certificate required)`.
    expect(line).toMatch(/ \(\w+ alert [a-z ]+\)$/);
  }, 60_000);

  it('refuses a client certificate without its key, and a missing CA file, as usage errors naming the setting', async () => {
    const certificates = tlsCluster.certificates!;
    const halfPair = await cli(tlsCluster, ['diff', 'proposal.yaml'], {
      CONFIG_CENTER_ETCD_CA: certificates.caFile,
      CONFIG_CENTER_ETCD_CERT: certificates.clientCertFile,
    });
    expect(halfPair).toMatchObject({ code: 2, stderr: expect.stringContaining('CONFIG_CENTER_ETCD_KEY') });
    const missing = await cli(tlsCluster, ['diff', 'proposal.yaml'], { CONFIG_CENTER_ETCD_CA: 'nowhere/ca.crt' });
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining(`the ca file '${join(dir, 'nowhere', 'ca.crt')}'`) });
  }, 60_000);
});
