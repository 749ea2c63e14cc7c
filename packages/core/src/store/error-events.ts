import { ConfigParseError, ConfigValidationError } from '../errors';
import type { ConfigErrorEvent, ConfigErrorKind } from '../interfaces/config-events.interface';

/** Each kind once; a kind added to `ConfigErrorKind` and not here does not compile. */
const EVERY_KIND: { readonly [kind in ConfigErrorKind]: true } = { parse: true, validation: true, source: true, handler: true };

/** Every kind of `errors$` event, for those that count them by kind (the metrics start each at 0). */
export const CONFIG_ERROR_KINDS = Object.keys(EVERY_KIND) as readonly ConfigErrorKind[];

/** The `errors$` event for an error: its kind, message and safe details (never a value). */
export function toErrorEvent(source: string, error: Error, kind?: ConfigErrorKind): ConfigErrorEvent {
  if (kind) return { source, kind, message: error.message, error };
  if (error instanceof ConfigValidationError) {
    return { source, kind: 'validation', message: error.message, details: { issues: error.issues }, error };
  }
  if (error instanceof ConfigParseError) {
    return { source, kind: 'parse', message: error.message, details: { location: error.location, reason: error.reason }, error };
  }
  return { source, kind: 'source', message: error.message, error };
}
