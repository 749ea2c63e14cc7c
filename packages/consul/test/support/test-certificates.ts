import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM texts: a CA, a server certificate it signed for 127.0.0.1, and the server's key. */
export interface TestCertificates {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** A CA that signed nothing here: trusting only it must fail. */
  readonly otherCa: string;
}

/** Generates throw-away P-256 certificates with `openssl`, valid for a day, in a temp dir it removes. */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'consul-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));
  const selfSigned = (name: string, cn: string) => {
    newKey(`${name}.key`);
    openssl('req', '-x509', '-new', '-key', file(`${name}.key`), '-out', file(`${name}.crt`), '-days', '1', '-subj', `/CN=${cn}`);
  };
  try {
    selfSigned('ca', 'config-center consul test CA');
    selfSigned('other-ca', 'unrelated test CA');
    newKey('server.key');
    writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    openssl('req', '-new', '-key', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
    openssl(
      ...['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial'],
      ...['-out', file('server.crt'), '-days', '1', '-extfile', file('server.ext')],
    );
    const read = (name: string) => readFileSync(file(name), 'utf8');
    return { ca: read('ca.crt'), cert: read('server.crt'), key: read('server.key'), otherCa: read('other-ca.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
