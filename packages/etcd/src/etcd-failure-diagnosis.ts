import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError } from 'etcd3';

/**
 * What kind of failure an etcd call met, as far as its error tells: the cases an operator can act
 * on, named; `no-answer` when the call's deadline passed (etcd frozen, overloaded or cut off: it
 * may still have applied a write); `unavailable` for another connection failure (a channel
 * closed, no connection: etcd down, frozen or cut off); `unknown` for the rest (a server error).
 */
export type EtcdFailureKind =
  | 'permission-denied'
  | 'authentication-failed'
  | 'authentication-disabled'
  | 'auth-token-rejected'
  | 'untrusted-server-certificate'
  | 'expired-server-certificate'
  | 'server-name-mismatch'
  | 'client-certificate-refused'
  | 'connection-refused'
  | 'no-answer'
  | 'unavailable'
  | 'unknown';

/** An etcd call's failure, diagnosed: its kind, whether retrying alone can help, and the underlying cause in a few words. */
export interface EtcdFailure {
  readonly kind: EtcdFailureKind;
  /** False for credential, permission and certificate problems: retrying alone will not help. */
  readonly recoverable: boolean;
  /**
   * The cause on one line, at most 160 characters, without gRPC's timestamps: the last connection
   * error gRPC saw (`unable to verify the first certificate`, `connect ECONNREFUSED 127.0.0.1:2379`,
   * `sslv3 alert bad certificate`) when there is one, else the error's message. Scrub secrets before showing it.
   */
  readonly cause: string;
}

/** How each kind is recognised in an error's message, in order; `etcd3`'s typed errors come first. */
const KINDS: readonly [RegExp, EtcdFailureKind][] = [
  [/permission denied/i, 'permission-denied'],
  [/authentication failed/i, 'authentication-failed'],
  [/authentication is not enabled/i, 'authentication-disabled'],
  [/user name is empty|invalid auth token/i, 'auth-token-rejected'],
  [
    /unable to verify the first certificate|unable to get (local )?issuer certificate|self[- ]signed certificate|certificate signature failure/i,
    'untrusted-server-certificate',
  ],
  [/certificate has expired|CERT_HAS_EXPIRED/i, 'expired-server-certificate'],
  [/Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i, 'server-name-mismatch'],
  [/alert bad certificate|alert certificate required|alert unknown ca|alert certificate expired/i, 'client-certificate-refused'],
  [/ECONNREFUSED/, 'connection-refused'],
  [/DEADLINE_EXCEEDED|deadline exceeded/i, 'no-answer'],
  [/^14 UNAVAILABLE/, 'unavailable'],
];

/** Kinds worth retrying: the token can be renewed, the server can come up. */
const RECOVERABLE: ReadonlySet<EtcdFailureKind> = new Set([
  'auth-token-rejected',
  'connection-refused',
  'no-answer',
  'unavailable',
  'unknown',
]);

/**
 * Diagnoses a failed etcd call (an `etcd3` or gRPC error): the one place that tells a wrong CA, a
 * wrong password, a denied prefix or a refused connection from the rest. `etcdFailureReason` words
 * it, for `EtcdConfigSource` and for the `config-center` CLI alike.
 */
export function diagnoseEtcdError(error: unknown): EtcdFailure {
  const message = error instanceof Error ? error.message : String(error);
  const kind =
    error instanceof EtcdPermissionDeniedError
      ? 'permission-denied'
      : error instanceof EtcdAuthenticationFailedError
        ? 'authentication-failed'
        : (KINDS.find(([pattern]) => pattern.test(message))?.[1] ?? 'unknown');
  const cause = kind === 'no-answer' ? deadlineCauseOf(message) : causeOf(message).replace(/^14 UNAVAILABLE: /, '');
  return { kind, recoverable: RECOVERABLE.has(kind), cause };
}

const LAST_ERROR = 'Last error: ';

/** The last connection error gRPC reported (an OpenSSL error by its reason alone), else the whole message; tidied, at most 160 characters. */
function causeOf(message: string): string {
  const at = message.indexOf(LAST_ERROR);
  if (at < 0) return tidy(message).slice(0, 160);
  const last = tidy(message.slice(at + LAST_ERROR.length).replace(/^Error: /, '')).replace(/\.$/, '');
  const openssl = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(last);
  return (openssl ? openssl[1] : last).slice(0, 160);
}

/** A passed deadline in plain words: `deadline exceeded after 2.001s`, without gRPC's status code and its balancer's state (`Waiting for LB pick`). */
function deadlineCauseOf(message: string): string {
  const after = /deadline exceeded after [\d.]+\s*m?s/i.exec(message);
  return after ? after[0].toLowerCase() : 'deadline exceeded';
}

/** gRPC's message without its timestamps and empty trailers, on one line. */
function tidy(message: string): string {
  const text = message
    .replace(/\s*\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '')
    .replace(/\s*Resolution note:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text || 'unknown error';
}
