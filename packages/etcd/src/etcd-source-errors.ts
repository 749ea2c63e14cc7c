import { ConfigSourceError } from '@config-center/core/tooling';
import { etcdFailureReason, type EtcdConnectionFacts, type EtcdSettingNames } from './etcd-failure-wording';

/** Where the source's connection settings are given: its options, named in its messages. */
export const SOURCE_ETCD_SETTING_NAMES: EtcdSettingNames = {
  user: 'auth.username and auth.password',
  ca: 'tls.rootCertificate',
  clientCertificate: 'tls.clientCertificate and tls.clientKey',
  requestTimeout: 'requestTimeoutMs',
};

/** What every error of one source names: the source, the endpoint and the prefix. */
export interface EtcdErrorContext {
  readonly source: string;
  readonly endpoint: string;
  readonly prefix: string;
  /** Strings that must never appear in a message (the password). */
  readonly secrets: readonly string[];
  /** What the source's options say of its connection (user name, whether TLS files were given, deadline). */
  readonly facts: EtcdConnectionFacts;
}

/**
 * A key a source reads besides its prefix (the canary record), for `etcdSourceError`: a permission
 * error then names that key and the grant it takes, not the prefix the role can read.
 */
export interface EtcdKeyRead {
  /** `its canary record '/config-center/control/app/canary/release'`. */
  readonly name: string;
  /** What to grant, and why the source reads it. */
  readonly grant: string;
}

/**
 * A `ConfigSourceError` for a failed etcd call: what the source was doing, the prefix, the
 * endpoint and what failed, in the words the CLI uses too (`etcdFailureReason`), with the source's
 * option names. Permission and credential problems are not recoverable (retrying alone
 * will not help); connection problems are. Secrets are scrubbed from the message.
 *
 * With `key`, the message names that key instead of the prefix.
 *
 * @example `Config source 'etcd:/app/': reading prefix '/app/' at 127.0.0.1:2379 failed: permission denied on this prefix for user 'app': …`
 */
export function etcdSourceError(context: EtcdErrorContext, action: string, error: unknown, key?: EtcdKeyRead): ConfigSourceError {
  if (error instanceof ConfigSourceError) return error;
  const call = { range: key ? 'this key' : 'this prefix', access: 'read' as const };
  const { failure, reason: said } = etcdFailureReason(error, { names: SOURCE_ETCD_SETTING_NAMES, facts: context.facts, call });
  const reason = key && failure.kind === 'permission-denied' ? `${said}; ${key.grant}` : said;
  const message = `${action} ${key ? key.name : `prefix '${context.prefix}'`} at ${context.endpoint} failed: ${reason}`;
  return new ConfigSourceError(context.source, scrub(message, context.secrets), failure.recoverable, { cause: error });
}

/** Replaces every non-empty secret in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text);
}
