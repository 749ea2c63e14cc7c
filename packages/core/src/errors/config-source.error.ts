import { ConfigCenterError } from './config-center.error';

/** A source that could not load or watch. `recoverable` says whether retrying may help. */
export class ConfigSourceError extends ConfigCenterError {
  constructor(
    readonly source: string,
    message: string,
    readonly recoverable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Config source '${source}': ${message}`, options);
  }
}

/** A source whose first load did not finish within `startupTimeoutMs`. */
export class ConfigSourceTimeoutError extends ConfigSourceError {
  constructor(
    source: string,
    readonly timeoutMs: number,
  ) {
    super(source, `did not load within ${timeoutMs} ms`, true);
  }
}

/**
 * A source used after `close()`: a module started a second time on the source instances of its
 * first run. Sources given as a factory (`sources: () => [...]`) are new for each run.
 */
export class ConfigSourceClosedError extends ConfigSourceError {
  constructor(source: string) {
    super(
      source,
      'is closed and cannot load again; give sources as a factory (`sources: () => [...]`) to start a module more than once',
      false,
    );
  }
}
