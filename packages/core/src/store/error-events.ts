import { ConfigParseError, ConfigSecretError, ConfigValidationError, type ConfigValidationIssue } from '../errors';
import type { ConfigErrorEvent, ConfigErrorKind } from '../interfaces/config-events.interface';
import { isSecretIssue } from '../secrets/resolve-secrets';

/** Each kind once; a kind added to `ConfigErrorKind` and not here does not compile. */
const EVERY_KIND: { readonly [kind in ConfigErrorKind]: true } = {
  parse: true,
  validation: true,
  source: true,
  handler: true,
  secret: true,
};

/** Every kind of `errors$` event, for those that count them by kind (the metrics start each at 0). */
export const CONFIG_ERROR_KINDS = Object.keys(EVERY_KIND) as readonly ConfigErrorKind[];

/** The `errors$` event for an error: its kind, message, safe details (never a value) and the rejected batch's revision. */
export function toErrorEvent(source: string, error: Error, kind?: ConfigErrorKind, revision?: string): ConfigErrorEvent {
  const batch = revision === undefined ? {} : { revision };
  if (kind) return { source, kind, message: error.message, error, ...batch };
  if (error instanceof ConfigSecretError) {
    return { source, kind: 'secret', message: error.message, details: { issues: error.issues }, error, ...batch };
  }
  if (error instanceof ConfigValidationError) {
    return { source, kind: 'validation', message: error.message, details: { issues: error.issues }, error, ...batch };
  }
  if (error instanceof ConfigParseError) {
    const details = { location: error.location, reason: error.reason };
    return { source, kind: 'parse', message: error.message, details, error, ...batch };
  }
  return { source, kind: 'source', message: error.message, error, ...batch };
}

/**
 * The error of an update (or a startup) rejected with `issues`: a `ConfigSecretError` (kind
 * `secret`) when any of them is an `enc:` value that could not be decrypted, else a
 * `ConfigValidationError`.
 */
export function rejectionOf(source: string, issues: readonly ConfigValidationIssue[]): ConfigValidationError {
  return issues.some(isSecretIssue) ? new ConfigSecretError(source, issues) : new ConfigValidationError(source, issues);
}
