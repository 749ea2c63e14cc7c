import type { ConfigSource } from '@config-center/core';
import type { ConformanceSectionKind } from './conformance-sections';

/**
 * What an adapter author implements to run the conformance kit against a `ConfigSource`: a way
 * to create the source and to change its backend behind its back. Paths are dotted config paths
 * (`update.value`); values are text, and the source must report each as that same text (values
 * keep their text: the declared type of the field that reads one converts it).
 * Every method resolves once the backend holds the change (not once the source has seen it).
 */
export interface ConfigSourceHarness {
  /** A new source over the backend, holding everything written so far. Called once per check. */
  createSource(): Promise<ConfigSource>;
  /** Sets the value at `path` in the backend. */
  write(path: string, value: string): Promise<void>;
  /**
   * Writes one raw key (relative to the source's prefix, `/`-separated, as a key-value store holds
   * it) with its text, in the backend's own spelling of keys. Key-value sources (etcd, Consul, env,
   * a directory mount…) implement it to run the key-mapping check.
   */
  writeKey?(key: string, text: string): Promise<void>;
  /**
   * Whether the backend can hold a raw key at all, in its own spelling (env: `rateLimit` is
   * `RATE_LIMIT`, but nothing spells `__proto__`; a directory mount cannot hold the empty segment of
   * `bad//empty`). The key-mapping check does not write a key the harness cannot hold and leaves it
   * out of the tree and the reports it expects. Only a key the core's `KeyMapper` leaves out anyway
   * may be declared so, and at least one such key must be held. Default: every key.
   */
  canHoldKey?(key: string): boolean;
  /**
   * Writes raw keys (as `writeKey` spells them) in ONE atomic backend unit: one transaction, one
   * ConfigMap `..data` swap. A key-value source with a watch implements it to run the held-back
   * check (a batch with an unreadable key is held back whole).
   */
  writeKeys?(entries: Record<string, string>): Promise<void>;
  /** Removes `path` from the backend. */
  remove(path: string): Promise<void>;
  /** Sets every entry in ONE atomic backend unit: one transaction, one file write. */
  writeBatch(entries: Record<string, string>): Promise<void>;
  /**
   * Cuts the source off from the backend (stop a proxy between them, say) while `write` and
   * `remove` still reach the backend. Needed, with `reconnect`, when the kit runs with `resume`.
   */
  disconnect?(): Promise<void>;
  /** Restores what `disconnect` cut. */
  reconnect?(): Promise<void>;
  /** Releases the backend and everything the harness holds. Called after every check. */
  dispose(): Promise<void>;
}

/** Makes a fresh harness — a fresh, empty backend or namespace — for each check. */
export type ConfigSourceHarnessFactory = () => ConfigSourceHarness | Promise<ConfigSourceHarness>;

/** What the kit checks and how long it waits. */
export interface ConfigSourceConformanceOptions {
  /** How long to wait for a change to be applied, or for handles to be released; default 5000. */
  readonly timeoutMs?: number;
  /** Run the watch checks (update, delete, batch); default `true`. `false` for load-only sources. */
  readonly watch?: boolean;
  /**
   * Run the key-value checks: key mapping, keys on one path (the last in key order wins) and the
   * held-back rule for unreadable keys. The harness must implement `writeKey`, `canHoldKey` where its
   * backend cannot spell every key, and `writeKeys` when the source watches; a source without a
   * watch runs the load half of the held-back rule, and the kit's test title says so.
   */
  readonly keyMapping?: boolean;
  /** Run the resume-after-disconnect check; the harness must implement `disconnect`/`reconnect`. */
  readonly resume?: boolean;
  /**
   * The kinds of section the kit's store binds over the paths it writes, each running every check:
   * `class` (`@ConfigSection` classes) and `schema` (`defineSection` with zod schemas, the same
   * fields and constraints). Default: both. One kind halves the run of a slow backend.
   */
  readonly sectionKinds?: readonly ConformanceSectionKind[];
}
