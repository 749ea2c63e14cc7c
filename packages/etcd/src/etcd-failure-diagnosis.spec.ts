import { diagnoseEtcdError } from './etcd-failure-diagnosis';

/** gRPC's message for a connection that failed with `last`, as `@grpc/grpc-js` words it (as seen from etcd 3.4). */
const unavailable = (last: string) => new Error(`14 UNAVAILABLE: No connection established. Last error: ${last}. Resolution note: `);

describe('diagnoseEtcdError', () => {
  it.each([
    [
      'untrusted-server-certificate',
      unavailable('Error: unable to verify the first certificate'),
      'unable to verify the first certificate',
    ],
    ['connection-refused', unavailable('Error: connect ECONNREFUSED 127.0.0.1:38057'), 'connect ECONNREFUSED 127.0.0.1:38057'],
    [
      'client-certificate-refused',
      unavailable(
        '80ACABF9E37F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n (2026-12-02T16:23:08.431Z)',
      ),
      'sslv3 alert bad certificate',
    ],
    ['authentication-failed', new Error('3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password'), undefined],
    ['auth-token-rejected', new Error('3 INVALID_ARGUMENT: etcdserver: user name is empty'), undefined],
    ['permission-denied', new Error('7 PERMISSION_DENIED: etcdserver: permission denied'), undefined],
    ['no-answer', new Error('4 DEADLINE_EXCEEDED: Deadline exceeded after 2.001s,Waiting for LB pick'), 'deadline exceeded after 2.001s'],
    ['unavailable', new Error('14 UNAVAILABLE: Channel closed before call started'), 'Channel closed before call started'],
    ['unknown', new Error('13 INTERNAL: etcdserver: request is too large'), '13 INTERNAL: etcdserver: request is too large'],
  ])('tells %s apart', (kind, error, cause) => {
    const failure = diagnoseEtcdError(error);
    expect(failure.kind).toBe(kind);
    expect(failure.cause).toBe(cause ?? error.message);
    expect(failure.recoverable).toBe(['connection-refused', 'auth-token-rejected', 'no-answer', 'unavailable', 'unknown'].includes(kind));
  });
});
