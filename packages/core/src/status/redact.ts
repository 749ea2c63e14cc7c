/** What stands in for a credential. */
const REDACTED = '[redacted]';

/** Characters that end an endpoint in a message: whitespace, quotes, brackets, list separators. */
const END = `\\s'"<>()\\[\\],;`;

/**
 * Credentials in endpoints, in every form a source's options or a client's error may write one, and
 * `password=…`-style pairs:
 * - a URL's user info, with or without a password (`https://user:pass@host`, `http://user@host`,
 *   `dns:///user:pass@host`), up to its last `@`, so a raw `@` in a password is covered too;
 * - user info without `//`, as gRPC writes an endpoint it could not resolve: `dns:user:pass@host`,
 *   or a bare `user:pass@host:2379` (etcd3 strips `https://` before gRPC sees the target). Without
 *   a `:` it is left alone: `name@host` alone is a user name or a package version, not a secret.
 * A scan starts only where a scheme or an endpoint can start, stops at the end of the endpoint, and
 * the part before the first `:` holds no `:`: a long message costs linear time, never a quadratic
 * backtrack (a 40 kB word took seconds without the look-behind).
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [new RegExp(`(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\\/\\/\\/?)[^${END}/]+@`, 'gi'), `$1${REDACTED}@`],
  [new RegExp(`(^|[${END}=/])((?:dns|ipv4|ipv6|unix|unix-abstract|vsock):)?[^${END}/@:]*:[^${END}/]*@`, 'gi'), `$1$2${REDACTED}@`],
  [/\b(password|passwd|token|secret|api[_-]?key)(\s*[=:]\s*)\S+/gi, `$1$2${REDACTED}`],
];

/**
 * Masks what looks like a credential in a message or a source name: a source's endpoint may carry
 * `user:pass@`, and a client library's error may quote it. Config values never reach a message
 * (errors name the path and constraint only); this is for what the backends' own errors say.
 */
export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/**
 * Whether an endpoint (a URL, `host:port` or a gRPC target such as `dns:///host:2379`) carries user
 * info: `user@` or `user:password@` before its host, or anything `redact` would mask. Sources and
 * the CLI refuse such an endpoint, as a password there ends up in every message that names the
 * endpoint; credentials have options of their own.
 */
export function hasUserInfo(endpoint: string): boolean {
  const afterScheme = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\/\/?/i, '');
  return /^[^/]*@/.test(afterScheme) || redact(endpoint) !== endpoint;
}
