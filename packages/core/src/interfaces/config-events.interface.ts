import type { ConfigTree } from './config-source.interface';

/**
 * What an `errors$` event is about: `parse` and `validation`, an update rejected (the last good
 * config keeps serving); `source`, a source that failed to load, watch or be cached; `handler`,
 * application code following the config (an `@OnConfigChange` handler, a rebuilt resource) that threw;
 * `secret`, an update rejected because an `enc:` value in it could not be decrypted (unknown key id,
 * wrong key, changed, or moved from another path): its section keeps its last good value.
 */
export type ConfigErrorKind = 'parse' | 'validation' | 'source' | 'handler' | 'secret';

/** Emitted on `changes$` after each applied swap. */
export interface ConfigChangeEvent {
  readonly version: number;
  /** The name of the source whose batch made this version. */
  readonly source: string;
  readonly changedPaths: readonly string[];
  /** The names of the sections whose value this version replaced, as messages name them (`sectionNameOf`). */
  readonly changedSections: readonly string[];
  readonly previous: ConfigTree;
  readonly current: ConfigTree;
  /**
   * When the batch that made this version reached the core, on the `performance.now()` clock
   * (milliseconds, monotonic): `performance.now() - receivedAt` in a `changes$` subscriber is the
   * time from batch received to swap published (validation, merge, hashing, queueing behind others).
   */
  readonly receivedAt: number;
}

/** Emitted on `errors$` for every rejected update and every failing source or handler. */
export interface ConfigErrorEvent {
  readonly source: string;
  readonly kind: ConfigErrorKind;
  readonly message: string;
  readonly details?: unknown;
  readonly error: Error;
  /** The revision of the rejected batch, when the error rejected one and its source gives revisions. */
  readonly revision?: string;
}
