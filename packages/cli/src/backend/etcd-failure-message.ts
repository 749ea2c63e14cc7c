import { ConfigSourceError } from '@config-center/core/tooling';
import { diagnoseEtcdError, type EtcdFailureKind } from '@config-center/etcd/control';
import { ENVIRONMENT, ETCD_USER_SETTING } from '../settings/resolve-settings';
import { DEFAULT_REQUEST_TIMEOUT_MS, type EtcdSettings } from '../settings/cli-settings.interface';

/** What the CLI was doing when etcd failed: reading or writing, and the prefix (or control prefix) it touched. */
export interface EtcdCall {
  /** `read from` or `write to`. */
  readonly verb: string;
  /** `prefix '/configs/orders/'`, or both prefixes for a publish. */
  readonly range: string;
}

/** Where each setting comes from, for a message that says what to change. */
const SETTING = {
  user: ETCD_USER_SETTING,
  ca: `${ENVIRONMENT.etcdCa} or etcd.tls.ca`,
  client: `${ENVIRONMENT.etcdCert} and ${ENVIRONMENT.etcdKey}, or etcd.tls.cert and etcd.tls.key`,
} as const;

/**
 * What went wrong, in plain words, for an etcd call of the CLI: the `@config-center/etcd`
 * diagnosis (the one owner that tells a wrong CA from a wrong password or a refused connection)
 * worded for the CLI's settings, with the underlying cause kept short. Never a credential: the
 * caller scrubs the password; the user name is not one.
 */
export function etcdFailureMessage(error: unknown, settings: EtcdSettings, call: EtcdCall): string {
  const failure = diagnoseEtcdError(originalOf(error));
  const reason = REASONS[failure.kind](settings, call);
  return reason === undefined ? failure.cause : `${reason} (${failure.cause})`;
}

/** The error etcd3 threw, below the `ConfigSourceError` the app's source wraps it in (when `validate` reads through the source). */
function originalOf(error: unknown): unknown {
  let inner = error;
  while (inner instanceof ConfigSourceError && inner.cause !== undefined) inner = inner.cause;
  return inner;
}

type Wording = (settings: EtcdSettings, call: EtcdCall) => string | undefined;

const forUser = ({ username }: EtcdSettings) => (username === undefined ? ' (no user given)' : ` for user '${username}'`);

const REASONS: Readonly<Record<EtcdFailureKind, Wording>> = {
  'permission-denied': (settings, { verb, range }) =>
    `permission denied on ${range}${forUser(settings)}: the user's roles do not let it ${verb.startsWith('write') ? 'write' : 'read'} there`,
  'authentication-failed': (settings) => `authentication failed${forUser(settings)}: wrong user name or password (${SETTING.user})`,
  'authentication-disabled': () => `a user was given but etcd has authentication disabled: leave out ${SETTING.user}`,
  'auth-token-rejected': (settings) =>
    settings.username === undefined
      ? `etcd has authentication enabled and no user was given (${SETTING.user})`
      : `etcd rejected the auth token of user '${settings.username}'; run the command again`,
  'untrusted-server-certificate': ({ tls }) =>
    tls
      ? `the server's TLS certificate is not signed by the CA given (etcd.tls.ca: ${tls.ca})`
      : `the server's TLS certificate is not signed by a CA this machine trusts: give the CA that signed it (${SETTING.ca})`,
  'expired-server-certificate': () => "the server's TLS certificate has expired",
  'server-name-mismatch': () => "the server's TLS certificate does not name the endpoint dialled",
  'client-certificate-refused': ({ tls }) =>
    tls?.cert
      ? `etcd refused the client certificate given (etcd.tls.cert: ${tls.cert}): it is not signed by a CA etcd trusts`
      : `etcd requires a client certificate (mTLS): give one (${SETTING.client})`,
  'connection-refused': () => 'connection refused: nothing listens at the endpoint (is etcd running there?)',
  unavailable: () => 'no answer from etcd: the connection failed or was closed: is it down, frozen or cut off?',
  'no-answer': ({ requestTimeoutMs }) =>
    `no answer from etcd within ${(requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) / 1000} s: is it frozen, overloaded or cut off? (--request-timeout)`,
  unknown: () => undefined,
};
