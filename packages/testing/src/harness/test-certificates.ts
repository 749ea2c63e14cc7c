import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PEM texts of the files `createTestCertificates` made, for clients and servers that take PEM. */
export interface TestCertificatePems {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly otherCa: string;
}

/** PEM files made by `createTestCertificates`: a CA, a server and a client certificate, and a stranger CA. */
export interface TestCertificates {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** A CA that signed neither certificate: for "wrong CA" tests. */
  readonly otherCaFile: string;
  /** The same files' contents. */
  readonly pem: TestCertificatePems;
}

/**
 * Generates throw-away certificates with `openssl` in `dir` (which the caller owns and removes): a
 * CA; a server certificate for `127.0.0.1` and `localhost` (server and client auth, as etcd wants);
 * a client certificate; and an unrelated CA. P-256 keys, valid for a day.
 *
 * @example
 * ```ts
 * const certificates = createTestCertificates(mkdtempSync(join(tmpdir(), 'tls-')));
 * const server = await ConsulTestServer.start({ tls: { cert: certificates.pem.serverCert, key: certificates.pem.serverKey } });
 * ```
 */
export function createTestCertificates(dir: string): TestCertificates {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));
  const selfSigned = (key: string, cert: string, cn: string) => {
    newKey(key);
    openssl('req', '-x509', '-new', '-key', file(key), '-out', file(cert), '-days', '1', '-subj', `/CN=${cn}`);
  };
  const signed = (name: string, cn: string, extensions: string) => {
    newKey(`${name}.key`);
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', '-new', '-key', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl(
      ...['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key')],
      ...['-CAcreateserial', '-out', file(`${name}.crt`), '-days', '1', '-extfile', file(`${name}.ext`)],
    );
  };
  selfSigned('ca.key', 'ca.crt', 'config-center test CA');
  selfSigned('other-ca.key', 'other-ca.crt', 'unrelated test CA');
  signed('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  signed('client', 'config-center-client', 'extendedKeyUsage=clientAuth\n');
  const files = {
    caFile: file('ca.crt'),
    serverCertFile: file('server.crt'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.crt'),
    clientKeyFile: file('client.key'),
    otherCaFile: file('other-ca.crt'),
  };
  const read = (path: string) => readFileSync(path, 'utf8');
  const pem: TestCertificatePems = {
    ca: read(files.caFile),
    serverCert: read(files.serverCertFile),
    serverKey: read(files.serverKeyFile),
    clientCert: read(files.clientCertFile),
    clientKey: read(files.clientKeyFile),
    otherCa: read(files.otherCaFile),
  };
  return { ...files, pem };
}
