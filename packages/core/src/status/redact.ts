/** Credentials in URLs (`//user:pass@`) and `password=…`-style pairs, wherever a message might carry them. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\/\/[^/\s:@]+:[^/\s@]+@/g, '//[redacted]@'],
  [/\b(password|passwd|token|secret|api[_-]?key)(\s*[=:]\s*)\S+/gi, '$1$2[redacted]'],
];

/**
 * Masks what looks like a credential in a message or a source name: a source's endpoint may carry
 * `user:pass@`, and a client library's error may quote it. Config values never reach a message
 * (errors name the path and constraint only); this is for what the backends' own errors say.
 */
export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
