import { ConfigParseError, ConfigValidationError } from '../errors';
import type { ConfigErrorEvent } from '../interfaces/config-events.interface';

/** The `errors$` event for an error: its kind, message, safe details (never a value) and the rejected batch's revision. */
export function toErrorEvent(source: string, error: Error, kind?: ConfigErrorEvent['kind'], revision?: string): ConfigErrorEvent {
  const batch = revision === undefined ? {} : { revision };
  if (kind) return { source, kind, message: error.message, error, ...batch };
  if (error instanceof ConfigValidationError) {
    return { source, kind: 'validation', message: error.message, details: { issues: error.issues }, error, ...batch };
  }
  if (error instanceof ConfigParseError) {
    const details = { location: error.location, reason: error.reason };
    return { source, kind: 'parse', message: error.message, details, error, ...batch };
  }
  return { source, kind: 'source', message: error.message, error, ...batch };
}
