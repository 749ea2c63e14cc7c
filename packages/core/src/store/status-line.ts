import type { ConfigStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';

/**
 * One line that says where the module stands and why: `ready`, with the version and its sources,
 * or `degraded`, with each source that is not connected (its state and last error) and each
 * quarantined section (its failed paths); and the keys no field declares. Never a value: errors
 * and issues carry none, and credentials a backend's error may quote are redacted.
 */
export function statusLine(status: ConfigStatus): string {
  const sources = status.sources.map((source) => redact(source.name)).join(', ');
  const unknown = status.unknownKeys.length ? `; keys no field declares: ${status.unknownKeys.join(', ')}` : '';
  if (status.state !== 'degraded') return `Config ${status.state}: version ${status.version} from ${sources}${unknown}`;
  const reasons = [
    ...status.sources
      .filter((source) => source.state !== 'connected')
      .map(
        (source) => `source '${redact(source.name)}' is ${source.state}${source.lastError ? ` (${redact(source.lastError.message)})` : ''}`,
      ),
    ...status.quarantined.map(
      ({ section, issues }) =>
        `section '${section}' keeps its last good value (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`,
    ),
  ];
  return `Config degraded: version ${status.version} from ${sources}; ${reasons.join('; ')}${unknown}`;
}
