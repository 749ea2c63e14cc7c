import { ConfigSourceError } from '@config-center/core';
import { etcdSourceError } from './etcd-source-errors';

/** gRPC's message for a connection that failed with `last`, as `@grpc/grpc-js` words it (as seen from etcd 3.4). */
const unavailable = (last: string) => new Error(`14 UNAVAILABLE: No connection established. Last error: ${last}. Resolution note: `);

const context = {
  source: 'etcd:/app/',
  endpoint: 'https://localhost:2379',
  prefix: '/app/',
  secrets: ['pw-0f9e8d'],
  facts: { username: 'app', ca: {}, requestTimeoutMs: 10_000 },
};

describe('etcdSourceError', () => {
  it('gives the source the one wording, with its option names, the cause short and on one line', () => {
    const error = etcdSourceError(context, 'reading', unavailable('Error: unable to verify the first certificate'));
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error.recoverable).toBe(false);
    expect(error.message).toBe(
      "Config source 'etcd:/app/': reading prefix '/app/' at https://localhost:2379 failed: the server's TLS certificate is not signed " +
        'by the CA given (tls.rootCertificate) (unable to verify the first certificate)',
    );
  });

  it('words connection failures as the CLI does, and scrubs the password from the cause', () => {
    const refused = etcdSourceError(context, 'reading', unavailable('Error: connect ECONNREFUSED 127.0.0.1:2379 pw-0f9e8d'));
    expect(refused.recoverable).toBe(true);
    expect(refused.message).toContain('failed: connection refused: nothing listens at the endpoint (is etcd running there?) (connect');
    expect(refused.message).not.toContain('pw-0f9e8d');
    const closed = etcdSourceError(context, 'watching', new Error('14 UNAVAILABLE: Channel closed before call started'));
    expect(closed.message).toContain('failed: no answer from etcd: the connection failed or was closed: is it down, frozen or cut off?');
  });

  it('names a key read besides the prefix, and the grant it takes', () => {
    const key = { name: "its canary record '/c/canary/release'", grant: "grant its role Read on '/c/canary/'" };
    const error = etcdSourceError(context, 'reading', new Error('7 PERMISSION_DENIED: etcdserver: permission denied'), key);
    expect(error.message).toBe(
      "Config source 'etcd:/app/': reading its canary record '/c/canary/release' at https://localhost:2379 failed: permission denied " +
        "on this key for user 'app': the user's roles do not let it read there (7 PERMISSION_DENIED: etcdserver: permission denied); " +
        "grant its role Read on '/c/canary/'",
    );
  });
});
