import { ConfigSourceError } from '@config-center/core/tooling';
import { etcdFailureReason, type EtcdSettingNames } from '@config-center/etcd/control';
import { ENVIRONMENT, ETCD_USER_SETTING } from '../settings/resolve-settings';
import { DEFAULT_REQUEST_TIMEOUT_MS, type EtcdSettings } from '../settings/cli-settings.interface';

/** What the CLI was doing when etcd failed: reading or writing, and the prefix (or control prefix) it touched. */
export interface EtcdCall {
  /** `read from`, `write to` or `watch`. */
  readonly verb: string;
  /** `prefix '/configs/orders/'`, or both prefixes for a publish. */
  readonly range: string;
}

/** Where the CLI's etcd settings are given: what a message tells the operator to change. */
export const CLI_ETCD_SETTING_NAMES: EtcdSettingNames = {
  user: ETCD_USER_SETTING,
  ca: `${ENVIRONMENT.etcdCa} or etcd.tls.ca`,
  clientCertificate: `${ENVIRONMENT.etcdCert} and ${ENVIRONMENT.etcdKey}, or etcd.tls.cert and etcd.tls.key`,
  requestTimeout: '--request-timeout',
};

/**
 * What went wrong, in plain words, for an etcd call of the CLI: the one translation of
 * `@config-center/etcd` (`etcdFailureReason`) with the CLI's setting names and what it knows of
 * the connection (user name, CA and certificate files, deadline). Never a credential: the caller
 * scrubs the password; the user name and file paths are not secrets.
 */
export function etcdFailureMessage(error: unknown, settings: EtcdSettings, call: EtcdCall): string {
  const { username, tls } = settings;
  const facts = {
    username,
    ca: tls && { file: tls.ca },
    clientCertificate: tls?.cert === undefined ? undefined : { file: tls.cert },
    requestTimeoutMs: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
  const scope = { range: call.range, access: call.verb.startsWith('write') ? ('write' as const) : ('read' as const) };
  return etcdFailureReason(originalOf(error), { names: CLI_ETCD_SETTING_NAMES, facts, call: scope }).reason;
}

/** The error etcd3 threw, below the `ConfigSourceError` the app's source wraps it in (when `validate` reads through the source). */
function originalOf(error: unknown): unknown {
  let inner = error;
  while (inner instanceof ConfigSourceError && inner.cause !== undefined) inner = inner.cause;
  return inner;
}
