import { EtcdCluster } from '@config-center/testing/harness';
import { ReportingProcess } from './support/reporting-process';

const PASSWORD = 'pw-in-hosts-never-printed-7731';

/**
 * An app whose `EtcdConfigSource` is given an endpoint with `user:password@`, as a process (the
 * built packages): it stops at startup with a message that names the option and where credentials
 * go, and prints no password. (Before the refusal it retried for seconds, every error quoting the
 * endpoint as gRPC wrote it, `dns:root:…@127.0.0.1:port`, which the redaction missed.)
 */
describe('EtcdConfigSource refuses credentials in hosts', () => {
  let cluster: EtcdCluster | undefined;
  const apps: ReportingProcess[] = [];

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
  }, 60_000);
  afterAll(async () => {
    apps.forEach((app) => app.exitCode === undefined && app.child.kill('SIGKILL'));
    await cluster?.stop();
  }, 60_000);

  it.each(['https://root:PW@HOST', 'root:PW@HOST', 'dns:///root:PW@HOST', 'http://root:PW%40x@HOST'])(
    'stops the app at startup for %s, naming hosts and auth, never the password',
    async (form) => {
      const [endpoint] = cluster!.endpoints;
      const credentialed = form.replace('PW', PASSWORD).replace('HOST', endpoint.replace(/^[a-z]+:\/\//, ''));
      const app = new ReportingProcess({
        ETCD_HOSTS: `${endpoint},${credentialed}`,
        PREFIX: '/credentials/app/',
        INSTANCE_ID: 'credentials-1',
        ZONE: 'a',
        TTL_SECONDS: '5',
      });
      apps.push(app);
      await app.exited();
      expect(app.exitCode).toBe(1);
      expect(app.output).toContain(
        'EtcdConfigSource: hosts[1] carries a user name or password: give the endpoint alone and the credentials as ' +
          '`auth: { username, password }` (the password from a secret, e.g. process.env.ETCD_PASSWORD)',
      );
      expect(app.output).not.toContain(PASSWORD);
      expect(app.output).not.toContain('root');
    },
    60_000,
  );
});
