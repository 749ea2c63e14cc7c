import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Apollo's access-key signature: base64 of HMAC-SHA1 under the secret over
 * `timestamp + "\n" + pathWithQuery` (apollo-java 2.x, apollo-core `Signature.signature` and
 * `HmacSha1Utils.signString`), computed here from the server's side of the protocol.
 */
export function apolloSignature(timestamp: string, pathWithQuery: string, secret: string): string {
  return createHmac('sha1', secret).update(`${timestamp}\n${pathWithQuery}`, 'utf8').digest('base64');
}

/** Why a signed request is refused, as Apollo's filter answers it; `undefined` when it passes. */
export type AccessKeyRefusal = 'RequestTimeTooSkewed' | 'Unauthorized' | undefined;

/**
 * Checks a request of an app that has access keys, as Apollo 3.0's config service does
 * (apollo-configservice `filter/ClientAuthenticationFilter`): the `Timestamp` header must be within
 * `toleranceMs` of now, and the signature after the `:` of `Authorization: Apollo <appId>:<sig>`
 * must be that of one of the app's secrets over the raw request URI and query string, as sent
 * (`AccessKeyUtil.buildSignature`: `path + "?" + query` when there is a query).
 */
export function checkAccessKey(req: IncomingMessage, secrets: readonly string[], toleranceMs: number, now = Date.now()): AccessKeyRefusal {
  const timestamp = header(req, 'timestamp');
  const sent = Number(timestamp);
  if (!timestamp || !Number.isFinite(sent) || Math.abs(now - sent) >= toleranceMs) return 'RequestTimeTooSkewed';
  const authorization = header(req, 'authorization') ?? '';
  const signature = authorization.split(':')[1];
  const pathWithQuery = req.url ?? '/';
  return secrets.some((secret) => apolloSignature(timestamp, pathWithQuery, secret) === signature) ? undefined : 'Unauthorized';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
