import type { Observable } from 'rxjs';
import type { ConfigCenterError } from '../errors';
import type { InstanceReporter } from '../reporting/instance-reporter.interface';

/** A plain, JSON-like tree of config values. Trees handed to the core are never mutated. */
export type ConfigTree = { readonly [key: string]: unknown };

/** One edit of a source's tree: the value at `path`, or `undefined` to delete it. */
export interface ConfigEdit {
  readonly path: readonly string[];
  readonly value: unknown;
}

/** A key a source left out of its tree (unmappable, unreadable), and why; never its value. */
export interface LeftOutKey {
  readonly key: string;
  readonly problem: string;
}

/**
 * What `load()` returns: the whole tree of the source, where it has one its revision, and the keys
 * it left out (each reported by the core; the other keys load).
 */
export interface LoadedConfig {
  readonly tree: ConfigTree;
  readonly revision?: string;
  readonly problems?: readonly LeftOutKey[];
}

/**
 * One unit delivered by a source: one etcd revision, one Consul index, one file write.
 * The core applies a batch whole, as one swap, or rejects it whole.
 */
export type ConfigBatch =
  | { readonly kind: 'replace'; readonly tree: ConfigTree; readonly revision?: string }
  | { readonly kind: 'edits'; readonly edits: readonly ConfigEdit[]; readonly revision?: string };

/** A change of the connection state of a watching source. */
export interface ConfigSourceStateEvent {
  readonly kind: 'state';
  readonly state: 'connected' | 'reconnecting';
  readonly error?: Error;
}

/** An update the source saw but could not turn into a batch (a half-written file, say). */
export interface ConfigSourceErrorEvent {
  readonly kind: 'error';
  readonly error: ConfigCenterError;
}

export type ConfigSourceEvent = ConfigBatch | ConfigSourceStateEvent | ConfigSourceErrorEvent;

/**
 * The adapter port: every backend (file, env, etcd, Consul, memory) implements it.
 *
 * `watch()` emits what changed since the last `load()` or the last batch it delivered; a source
 * that keeps a cursor (an etcd revision) resumes from it when `watch()` is called again after an
 * error. An observable that errors is re-subscribed by the core with backoff.
 *
 * A `load()` that throws a `ConfigParseError` says the backend answered but its content cannot be
 * read (a YAML typo): the core then starts `watch()` at once instead of retrying the load, so the
 * fix is applied when it is made. Such a source's watch must deliver a `replace` of the whole tree
 * once the content is readable.
 */
export interface ConfigSource {
  /** Unique among the sources of one module; it names the source in status, errors and the cache. */
  readonly name: string;
  /**
   * What reports this instance's config to operators, when the source offers it (an etcd source
   * given `report`); the core starts it after bootstrap and closes it before the source.
   */
  readonly reporter?: InstanceReporter;
  load(): Promise<LoadedConfig>;
  watch?(): Observable<ConfigSourceEvent>;
  close(): Promise<void>;
}
