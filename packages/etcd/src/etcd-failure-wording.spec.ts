import { diagnoseEtcdError, type EtcdFailureKind } from './etcd-failure-diagnosis';
import { ETCD_FAILURE_WORDING, etcdFailureReason, type EtcdConnectionFacts, type EtcdWordingContext } from './etcd-failure-wording';
import { SOURCE_ETCD_SETTING_NAMES } from './etcd-source-errors';

/** gRPC's message for a connection that failed with `last`, as `@grpc/grpc-js` words it (as seen from etcd 3.4). */
const unavailable = (last: string) => `14 UNAVAILABLE: No connection established. Last error: ${last}. Resolution note: `;

/** One error of each kind, as etcd 3.4 and gRPC word them: written out here, not taken from the code under test. */
const SAMPLES: Readonly<Record<EtcdFailureKind, string>> = {
  'permission-denied': '7 PERMISSION_DENIED: etcdserver: permission denied',
  'authentication-failed': '3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password',
  'authentication-disabled': '9 FAILED_PRECONDITION: etcdserver: authentication is not enabled',
  'auth-token-rejected': '3 INVALID_ARGUMENT: etcdserver: user name is empty',
  'untrusted-server-certificate': unavailable('Error: unable to verify the first certificate'),
  'expired-server-certificate': unavailable('Error: certificate has expired'),
  'server-name-mismatch': unavailable("Error: Hostname/IP does not match certificate's altnames"),
  'client-certificate-refused': unavailable(
    'Error: 80ACABF9E37F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:x',
  ),
  'connection-refused': unavailable('Error: connect ECONNREFUSED 127.0.0.1:2379'),
  'no-answer': '4 DEADLINE_EXCEEDED: Deadline exceeded after 2.001s,Waiting for LB pick',
  unavailable: '14 UNAVAILABLE: Channel closed before call started',
  unknown: '13 INTERNAL: etcdserver: request is too large',
};
const KINDS = Object.keys(SAMPLES) as EtcdFailureKind[];

/** Another side's names (the CLI's own are checked in its package), to see the wording takes them from the caller. */
const OTHER_NAMES = {
  user: '--user/ETCD_USER',
  ca: 'etcd.tls.ca',
  clientCertificate: 'etcd.tls.cert',
  requestTimeout: '--request-timeout',
};

const BARE: EtcdConnectionFacts = { requestTimeoutMs: 2500 };
const GIVEN: EtcdConnectionFacts = {
  username: 'reader',
  ca: { file: '/pki/ca.crt' },
  clientCertificate: { file: '/pki/c.crt' },
  requestTimeoutMs: 2500,
};
const contexts = (names: EtcdWordingContext['names']): EtcdWordingContext[] =>
  [BARE, GIVEN].map((facts) => ({ names, facts, call: { range: "prefix '/app/'", access: 'read' } }));

describe('ETCD_FAILURE_WORDING', () => {
  it('words every kind the diagnosis tells apart, each in its own sentence', () => {
    expect(Object.keys(ETCD_FAILURE_WORDING).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) expect(diagnoseEtcdError(new Error(SAMPLES[kind])).kind).toBe(kind);
    for (const context of contexts(SOURCE_ETCD_SETTING_NAMES)) {
      const sentences = KINDS.map((kind) => ETCD_FAILURE_WORDING[kind](context));
      for (const sentence of sentences) expect(sentence).toMatch(/^[a-z].{15,}[^.]$/);
      expect(new Set(sentences).size).toBe(KINDS.length);
    }
  });

  it.each([
    ['the source', SOURCE_ETCD_SETTING_NAMES],
    ['another side', OTHER_NAMES],
  ])('names the settings of %s to change, and the facts it has', (_side, names) => {
    const [bare, given] = contexts(names);
    const word = (kind: EtcdFailureKind, context: EtcdWordingContext) => ETCD_FAILURE_WORDING[kind](context);
    for (const kind of ['authentication-failed', 'authentication-disabled'] as const) expect(word(kind, given)).toContain(names.user);
    expect(word('auth-token-rejected', bare)).toContain(names.user);
    expect(word('untrusted-server-certificate', bare)).toContain(names.ca);
    expect(word('untrusted-server-certificate', given)).toContain(`/pki/ca.crt (${names.ca})`);
    expect(word('client-certificate-refused', bare)).toContain(names.clientCertificate);
    expect(word('client-certificate-refused', given)).toContain(`/pki/c.crt (${names.clientCertificate})`);
    expect(word('no-answer', given)).toContain(`within 2.5 s`);
    expect(word('no-answer', given)).toContain(names.requestTimeout);
    expect(word('permission-denied', given)).toBe(
      "permission denied on prefix '/app/' for user 'reader': the user's roles do not let it read there",
    );
  });

  it('puts no value and no credential in a sentence: only the names, facts and range it is given', () => {
    const password = 'pw-0f9e8d';
    const value = 'value-7c6b5a';
    for (const kind of KINDS) {
      const error = new Error(`${SAMPLES[kind]} ${value}`);
      for (const context of contexts(SOURCE_ETCD_SETTING_NAMES)) {
        const sentence = ETCD_FAILURE_WORDING[kind](context);
        expect(sentence).not.toContain(password);
        expect(sentence).not.toContain(value);
        const { reason } = etcdFailureReason(error, context);
        expect(reason.startsWith(`${sentence} (`)).toBe(true);
      }
    }
  });
});
