import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulTestServer, createTestCertificates, type TestCertificates } from '@config-center/testing/harness';
import { runCli, SECTIONS } from './support/run-cli';
import { BACKEND_HOOK_TIMEOUT_MS } from './support/test-backends';

/** `config-center` against a Consul agent served over HTTPS (the harness's test server), the built bin as a process. */
describe('config-center on Consul over TLS', () => {
  const prefix = 'cli-consul-tls/orders/';
  let server: ConsulTestServer;
  let certificates: TestCertificates;
  let dir: string;
  const cli = (url: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(['--sections', SECTIONS, '--consul', url, '--prefix', prefix, ...args], { cwd: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'config-center-cli-consul-tls-'));
    writeFileSync(join(dir, 'proposal.yaml'), 'rateLimit:\n  limit: 7\n');
    certificates = createTestCertificates(dir);
    const pem = (file: string) => readFileSync(file, 'utf8');
    server = await ConsulTestServer.start({ tls: { cert: pem(certificates.serverCertFile), key: pem(certificates.serverKeyFile) } });
  }, BACKEND_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }, BACKEND_HOOK_TIMEOUT_MS);

  it('says in one plain line that the agent certificate is not signed by a CA this machine trusts, and how to add one', async () => {
    for (const args of [['diff', 'proposal.yaml'], ['validate']]) {
      const run = await cli(server.url, args);
      expect(run).toMatchObject({ code: 3, stdout: '' });
      expect(run.stderr).toBe(
        `config-center: cannot read from Consul at ${server.url}, prefix '${prefix}': the agent's TLS certificate is not signed by a CA ` +
          'this machine trusts: add the CA that signed it with NODE_EXTRA_CA_CERTS=ca.pem (unable to verify the first certificate)\n',
      );
    }
    const trusted = await cli(server.url, ['diff', 'proposal.yaml'], { NODE_EXTRA_CA_CERTS: certificates.caFile });
    expect(trusted).toMatchObject({ code: 0, stdout: expect.stringContaining('+ rateLimit/limit') });
  }, 60_000);

  it('says the agent closed the connection when an https agent is given as http://', async () => {
    const run = await cli(server.url.replace('https://', 'http://'), ['diff', 'proposal.yaml']);
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toContain('the agent closed the connection without an answer (an https:// agent given as http://?)');
  }, 60_000);
});
