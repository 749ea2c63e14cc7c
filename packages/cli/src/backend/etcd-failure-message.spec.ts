import { ConfigSourceError } from '@config-center/core/tooling';
import { etcdFailureMessage } from './etcd-failure-message';

/** gRPC's message for a connection that failed with `last`, as `@grpc/grpc-js` words it (as seen from etcd 3.4). */
const unavailable = (last: string) => new Error(`14 UNAVAILABLE: No connection established. Last error: ${last}. Resolution note: `);

const read = { verb: 'read from', range: "prefix '/app/'" };
const bare = { endpoints: ['127.0.0.1:2379'] };
const given = { ...bare, username: 'deploy', password: 'pw-0f9e8d', tls: { ca: '/pki/ca.crt', cert: '/pki/c.crt', key: '/pki/c.key' } };

describe('etcdFailureMessage', () => {
  it("words etcd's failures with the CLI's settings: its variables, project-file keys and flags", () => {
    const user = 'CONFIG_CENTER_ETCD_USERNAME and CONFIG_CENTER_ETCD_PASSWORD, or etcd.username and etcd.password';
    const failed = new Error('3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password');
    expect(etcdFailureMessage(failed, given, read)).toContain(
      `authentication failed for user 'deploy': wrong user name or password (${user})`,
    );
    const untrusted = unavailable('Error: unable to verify the first certificate');
    expect(etcdFailureMessage(untrusted, given, read)).toContain(
      'not signed by the CA given in /pki/ca.crt (CONFIG_CENTER_ETCD_CA or etcd.tls.ca)',
    );
    expect(etcdFailureMessage(untrusted, bare, read)).toContain('give the CA that signed it (CONFIG_CENTER_ETCD_CA or etcd.tls.ca)');
    const refused = unavailable('Error: 80ACABF9E37F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:x');
    expect(etcdFailureMessage(refused, bare, read)).toContain(
      'etcd requires a client certificate (mTLS): give one (CONFIG_CENTER_ETCD_CERT and CONFIG_CENTER_ETCD_KEY, or etcd.tls.cert and etcd.tls.key)',
    );
    const late = new Error('4 DEADLINE_EXCEEDED: Deadline exceeded after 5.001s');
    expect(etcdFailureMessage(late, bare, read)).toBe(
      'no answer from etcd within 5 s: is it frozen, overloaded or cut off? (--request-timeout) (deadline exceeded after 5.001s)',
    );
  });

  it('says what the call touched and whether it wrote, and reads through the source error validate gets', () => {
    const denied = new Error('7 PERMISSION_DENIED: etcdserver: permission denied');
    const write = { verb: 'write to', range: "prefix '/app/' and its control prefix '/c/'" };
    expect(etcdFailureMessage(denied, given, write)).toMatch(
      /^permission denied on prefix '\/app\/' and its control prefix '\/c\/' for user 'deploy': the user's roles do not let it write there/,
    );
    const wrapped = new ConfigSourceError('etcd:/app/', 'reading failed', true, { cause: new Error('14 UNAVAILABLE: Channel closed') });
    expect(etcdFailureMessage(wrapped, bare, read)).toMatch(/^no answer from etcd: the connection failed or was closed/);
  });
});
