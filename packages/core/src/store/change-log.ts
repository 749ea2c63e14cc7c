import { Logger } from '@nestjs/common';
import type { ConfigSourceStatus } from '../interfaces/config-status.interface';
import { redact } from '../status/redact';

/** How many changed paths the debug line lists before it says how many more there are. */
const LISTED_PATHS = 20;

/** What one applied change is, as the log tells it: never a value. */
export interface AppliedChange {
  readonly version: number;
  /** The name of the source whose batch made the version. */
  readonly source: string;
  /** The paths of the sections whose value the version replaced (`rateLimit`). */
  readonly sectionPaths: readonly string[];
  /** The paths of the tree that changed. */
  readonly changedPaths: readonly string[];
}

/**
 * What a running service says it does: one line per applied change (its version, source and
 * changed sections; at debug level one more with the changed paths) and one per source that
 * recovers. Startup is not here: the status line says what the first snapshot is. Values never
 * reach it, and source names are redacted, as a backend's endpoint may carry credentials.
 */
export class ChangeLog {
  private readonly logger = new Logger('ConfigCenter');
  /** Each source's name as the log writes it: redacted once, not on every change (a few regexes per line). */
  private readonly names = new Map<string, string>();

  /** Logs a change that was just swapped in. */
  applied({ version, source, sectionPaths, changedPaths }: AppliedChange): void {
    const sections = sectionPaths.length ? `${sectionPaths.join(', ')} changed` : 'no section changed';
    this.logger.log(`Config version ${version} applied from ${this.nameOf(source)}: ${sections}`);
    if (!debugEnabled()) return;
    const listed = changedPaths.slice(0, LISTED_PATHS).join(', ');
    const more = changedPaths.length > LISTED_PATHS ? ` and ${changedPaths.length - LISTED_PATHS} more` : '';
    this.logger.debug(`Config version ${version} changed paths: ${listed}${more}`);
  }

  /** Logs a source that is back to `connected` after being down (`reconnecting`, `cached` or `failed`). */
  stateChanged(source: string, from: ConfigSourceStatus['state'], to: ConfigSourceStatus['state']): void {
    if (to === 'connected' && from !== 'connected') this.logger.log(`Config source '${this.nameOf(source)}' connected again`);
  }

  private nameOf(source: string): string {
    let name = this.names.get(source);
    if (name === undefined) this.names.set(source, (name = redact(source)));
    return name;
  }
}

/**
 * Whether a debug line may be printed. `Logger.isLevelEnabled` knows only levels an app set as a
 * list (`logger: ['log', 'warn', 'error']`); with none set (the default logger prints debug, a
 * custom one decides itself) it answers false for every level, `fatal` included: then the line is built.
 */
function debugEnabled(): boolean {
  return Logger.isLevelEnabled('debug') || !Logger.isLevelEnabled('fatal');
}
