import { readFileSync } from 'node:fs';
import { ConfigSourceError } from '@config-center/core';
import { EtcdConfigSource, type EtcdTlsOptions } from '@config-center/etcd';
import { EtcdCluster } from '@config-center/testing/harness';
import { AppliedStateProbe } from './support/applied-state-probe';

/** TLS and mTLS against etcd serving clients over TLS with certificates made by `openssl`. */
describe('EtcdConfigSource over TLS', () => {
  const prefix = '/tls/app/';
  let tlsCluster: EtcdCluster;
  let mtlsCluster: EtcdCluster;
  const sources: EtcdConfigSource[] = [];

  const source = (cluster: EtcdCluster, tls: EtcdTlsOptions) => {
    const created = new EtcdConfigSource({ hosts: cluster.urls, prefix, tls, requestTimeoutMs: 8000, reconcileIntervalMs: 0 });
    sources.push(created);
    return created;
  };
  const pem = (cluster: EtcdCluster, file: 'caFile' | 'clientCertFile' | 'clientKeyFile' | 'otherCaFile') =>
    readFileSync(cluster.certificates![file]);
  /** The load's error, checked to be the TLS failure itself (not the request deadline running out) and clear. */
  const failedLoad = async (failing: EtcdConfigSource) => {
    const error: ConfigSourceError = await failing.load().catch((e) => e);
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error.message).toMatch(
      /^Config source 'etcd:\/tls\/app\/': reading prefix '\/tls\/app\/' at https:\/\/localhost:\d+ failed: .*TLS/,
    );
    expect(error.recoverable).toBe(false);
    return error.message;
  };

  beforeAll(async () => {
    [tlsCluster, mtlsCluster] = await Promise.all([EtcdCluster.start({ tls: 'tls' }), EtcdCluster.start({ tls: 'mtls' })]);
    await Promise.all([tlsCluster, mtlsCluster].map((cluster) => cluster.client().put(`${prefix}limit`).value('5')));
  }, 60_000);
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await Promise.all([tlsCluster?.stop(), mtlsCluster?.stop()]);
  }, 30_000);

  it('loads and watches over TLS, trusting the CA it is given', async () => {
    const probe = await AppliedStateProbe.start(source(tlsCluster, { rootCertificate: pem(tlsCluster, 'caFile') }));
    try {
      expect(probe.tree).toEqual({ limit: '5' });
      await tlsCluster.client().put(`${prefix}limit`).value('6');
      await probe.convergedOn(tlsCluster.client(), prefix);
    } finally {
      await probe.close();
    }
  });

  it('loads and watches over mTLS with a client certificate and key (PEM text or bytes)', async () => {
    const tls = {
      rootCertificate: pem(mtlsCluster, 'caFile').toString(),
      clientCertificate: pem(mtlsCluster, 'clientCertFile'),
      clientKey: pem(mtlsCluster, 'clientKeyFile'),
    };
    const probe = await AppliedStateProbe.start(source(mtlsCluster, tls));
    try {
      expect(probe.tree).toEqual({ limit: '5' });
      await mtlsCluster.client().put(`${prefix}limit`).value('7');
      await probe.convergedOn(mtlsCluster.client(), prefix);
    } finally {
      await probe.close();
    }
  });

  it('fails promptly and clearly when the server certificate is not signed by the given CA', async () => {
    expect(await failedLoad(source(tlsCluster, { rootCertificate: pem(tlsCluster, 'otherCaFile') }))).toMatch(
      /server's TLS certificate is not signed by the CA given \(tls.rootCertificate\) \(unable to verify the first certificate\)/,
    );
  });

  it('fails promptly when mTLS is required and no client certificate is given', async () => {
    expect(await failedLoad(source(mtlsCluster, { rootCertificate: pem(mtlsCluster, 'caFile') }))).toMatch(
      /etcd requires a client certificate \(mTLS\): give one \(tls.clientCertificate and tls.clientKey\) \(\w+ alert [a-z ]+\)/,
    );
  });
});
