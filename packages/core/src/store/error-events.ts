import { ConfigParseError, ConfigValidationError } from '../errors';
import type { ConfigErrorEvent } from '../interfaces/config-events.interface';

/** The `errors$` event for an error: its kind, message and safe details (never a value). */
export function toErrorEvent(source: string, error: Error, kind?: ConfigErrorEvent['kind']): ConfigErrorEvent {
  if (kind) return { source, kind, message: error.message, error };
  if (error instanceof ConfigValidationError) {
    return { source, kind: 'validation', message: error.message, details: { issues: error.issues }, error };
  }
  if (error instanceof ConfigParseError) {
    return { source, kind: 'parse', message: error.message, details: { location: error.location, reason: error.reason }, error };
  }
  return { source, kind: 'source', message: error.message, error };
}
