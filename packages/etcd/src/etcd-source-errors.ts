import { ConfigSourceError } from '@config-center/core';
import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError } from 'etcd3';

/** What every error of one source names: the source, the endpoint and the prefix. */
export interface EtcdErrorContext {
  readonly source: string;
  readonly endpoint: string;
  readonly prefix: string;
  /** Strings that must never appear in a message (the password). */
  readonly secrets: readonly string[];
}

interface Diagnosis {
  readonly reason: string;
  readonly recoverable: boolean;
}

const DIAGNOSES: readonly [RegExp, Diagnosis][] = [
  [/permission denied/i, { reason: "permission denied: the user's role cannot read this prefix", recoverable: false }],
  [/authentication failed/i, { reason: 'authentication failed: wrong username or password', recoverable: false }],
  [/authentication is not enabled/i, { reason: 'auth credentials were given but etcd has authentication disabled', recoverable: false }],
  [/user name is empty|invalid auth token/i, { reason: 'etcd rejected the auth token', recoverable: true }],
  [
    /unable to verify the first certificate|unable to get (local )?issuer certificate|self[- ]signed certificate|certificate signature failure/i,
    { reason: "TLS: etcd's server certificate is not signed by the CA the source trusts (tls.rootCertificate)", recoverable: false },
  ],
  [/certificate has expired|CERT_HAS_EXPIRED/i, { reason: "TLS: etcd's server certificate has expired", recoverable: false }],
  [
    /Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/i,
    { reason: "TLS: etcd's server certificate does not name the endpoint the source dials", recoverable: false },
  ],
  [
    /alert bad certificate|alert certificate required|alert unknown ca|alert certificate expired/i,
    {
      reason: 'TLS: etcd refused the client certificate (mTLS: give tls.clientCertificate and tls.clientKey it trusts)',
      recoverable: false,
    },
  ],
];

/**
 * A `ConfigSourceError` for a failed etcd call: what the source was doing, the prefix, the
 * endpoint and the cause. Permission and credential problems are not recoverable (retrying alone
 * will not help); connection problems are. Secrets are scrubbed from the message.
 *
 * @example `Config source 'etcd:/app/': reading prefix '/app/' at 127.0.0.1:2379 failed: permission denied: …`
 */
export function etcdSourceError(context: EtcdErrorContext, action: string, error: unknown): ConfigSourceError {
  if (error instanceof ConfigSourceError) return error;
  const { reason, recoverable } = diagnose(error);
  const message = `${action} prefix '${context.prefix}' at ${context.endpoint} failed: ${reason}${causeOf(error, reason)}`;
  return new ConfigSourceError(context.source, scrub(message, context.secrets), recoverable, { cause: error });
}

function diagnose(error: unknown): Diagnosis {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EtcdPermissionDeniedError) return DIAGNOSES[0][1];
  if (error instanceof EtcdAuthenticationFailedError) return DIAGNOSES[1][1];
  const known = DIAGNOSES.find(([pattern]) => pattern.test(message));
  return known ? known[1] : { reason: tidy(message), recoverable: true };
}

/** For a TLS diagnosis, the words of the TLS error gRPC reported, so nothing is lost in the translation. */
function causeOf(error: unknown, reason: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf('Last error: ');
  if (!reason.startsWith('TLS:') || at < 0) return '';
  const detail = tidy(message.slice(at + 'Last error: '.length).replace(/^Error: /, '')).replace(/\.$/, '');
  return ` (${detail.slice(0, 160)})`;
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

/** Replaces every non-empty secret in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text);
}
