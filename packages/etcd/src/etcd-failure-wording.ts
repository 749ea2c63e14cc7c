import { diagnoseEtcdError, type EtcdFailure, type EtcdFailureKind } from './etcd-failure-diagnosis';

/**
 * Where each connection setting is given, in the words of one side: the CLI names its flags,
 * environment variables and project-file keys, the source its options. A message says which to
 * change, never what it holds.
 */
export interface EtcdSettingNames {
  /** The user name and password (`auth.username and auth.password`). */
  readonly user: string;
  /** The CA that signed etcd's server certificate (`tls.rootCertificate`). */
  readonly ca: string;
  /** The client certificate and its key, for mTLS (`tls.clientCertificate and tls.clientKey`). */
  readonly clientCertificate: string;
  /** The deadline of each request (`requestTimeoutMs`). */
  readonly requestTimeout: string;
}

/** What one side knows of its connection that a message may name: never a password, key or PEM content. */
export interface EtcdConnectionFacts {
  /** The user name, when one was given (a name, not a credential). */
  readonly username?: string;
  /** Whether a CA was given, and the file it came from when it came from one. */
  readonly ca?: { readonly file?: string };
  /** Whether a client certificate was given, and the file it came from when it came from one. */
  readonly clientCertificate?: { readonly file?: string };
  /** The deadline of each request. */
  readonly requestTimeoutMs: number;
}

/** What the failed call touched: `prefix '/configs/orders/'` (or `this prefix`), and whether it read or wrote there. */
export interface EtcdCallScope {
  readonly range: string;
  readonly access: 'read' | 'write';
}

/** Everything a sentence of `ETCD_FAILURE_WORDING` is built from. */
export interface EtcdWordingContext {
  readonly names: EtcdSettingNames;
  readonly facts: EtcdConnectionFacts;
  readonly call: EtcdCallScope;
}

type Wording = (context: EtcdWordingContext) => string;

const forUser = ({ username }: EtcdConnectionFacts) => (username === undefined ? ' (no user given)' : ` for user '${username}'`);
const inFile = (given: { readonly file?: string } | undefined) => (given?.file === undefined ? '' : ` in ${given.file}`);

/**
 * What each kind of etcd failure means, in plain words, worded once for every side (the
 * `config-center` CLI and `EtcdConfigSource`): each side passes the names of its settings and
 * what it knows of its connection. The cause gRPC gave follows each sentence (see `etcdFailureReason`).
 */
export const ETCD_FAILURE_WORDING: Readonly<Record<EtcdFailureKind, Wording>> = {
  'permission-denied': ({ facts, call }) =>
    `permission denied on ${call.range}${forUser(facts)}: the user's roles do not let it ${call.access} there`,
  'authentication-failed': ({ facts, names }) => `authentication failed${forUser(facts)}: wrong user name or password (${names.user})`,
  'authentication-disabled': ({ names }) => `a user was given but etcd has authentication disabled: leave out ${names.user}`,
  'auth-token-rejected': ({ facts, names }) =>
    facts.username === undefined
      ? `etcd has authentication enabled and no user was given (${names.user})`
      : `etcd rejected the auth token of user '${facts.username}' (it was invalidated): a new attempt takes a new one`,
  'untrusted-server-certificate': ({ facts, names }) =>
    facts.ca
      ? `the server's TLS certificate is not signed by the CA given${inFile(facts.ca)} (${names.ca})`
      : `the server's TLS certificate is not signed by a CA this machine trusts: give the CA that signed it (${names.ca})`,
  'expired-server-certificate': () => "the server's TLS certificate has expired",
  'server-name-mismatch': () => "the server's TLS certificate does not name the endpoint dialled",
  'client-certificate-refused': ({ facts, names }) =>
    facts.clientCertificate
      ? `etcd refused the client certificate given${inFile(facts.clientCertificate)} (${names.clientCertificate}): it is not signed by a CA etcd trusts`
      : `etcd requires a client certificate (mTLS): give one (${names.clientCertificate})`,
  'connection-refused': () => 'connection refused: nothing listens at the endpoint (is etcd running there?)',
  unavailable: () => 'no answer from etcd: the connection failed or was closed: is it down, frozen or cut off?',
  'no-answer': ({ facts, names }) =>
    `no answer from etcd within ${facts.requestTimeoutMs / 1000} s: is it frozen, overloaded or cut off? (${names.requestTimeout})`,
  unknown: () => 'the call to etcd failed',
};

/**
 * A failed etcd call in plain words: the one diagnosis (`diagnoseEtcdError`), its sentence from
 * `ETCD_FAILURE_WORDING`, then the underlying cause in a few words. The cause is gRPC's and may
 * quote what the caller sent: scrub the password (and redact) before showing it.
 *
 * @example `connection refused: nothing listens at the endpoint (is etcd running there?) (connect ECONNREFUSED 10.0.0.1:2379)`
 */
export function etcdFailureReason(error: unknown, context: EtcdWordingContext): { failure: EtcdFailure; reason: string } {
  const failure = diagnoseEtcdError(error);
  const sentence = ETCD_FAILURE_WORDING[failure.kind](context);
  return { failure, reason: `${sentence} (${failure.cause})` };
}
