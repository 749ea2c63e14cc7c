import type { UnknownKeysPolicy } from '../decorators/config-section.decorator';
import type { Section } from '../decorators/define-section';
import type { ConfigSource } from './config-source.interface';

// The section types live beside the decorators that make them, which need them without this file.
export type { SectionType, UnknownKeysPolicy } from '../decorators/config-section.decorator';
export type { Section } from '../decorators/define-section';

/** Retry policy of a source that failed to load or lost its watch. */
export interface RetryOptions {
  /** First delay; default 200 ms. */
  readonly initialDelayMs?: number;
  /** Ceiling of the delay; default 30 s. */
  readonly maxDelayMs?: number;
  /** Growth per attempt; default 2. */
  readonly factor?: number;
}

/** Bounds on what a source may deliver; anything beyond is rejected as bad input. */
export interface InputLimits {
  /** Deepest nesting of objects and arrays, and most segments in a key or path; default 32. */
  readonly maxDepth?: number;
  /** Longest string value, in characters; default 1 MiB. */
  readonly maxValueLength?: number;
  /** Largest document or batch, in characters; default 16 MiB. */
  readonly maxDocumentLength?: number;
  /** Longest key of a key-value source, in characters; default 4096. */
  readonly maxKeyLength?: number;
}

export interface ConfigCenterModuleOptions {
  /**
   * Later sources override earlier ones. A factory makes a new set of sources for each instance of
   * the module (each app, each test module): a closed source cannot load again.
   */
  sources: ConfigSource[] | (() => ConfigSource[]);
  /** Sections (classes, or `defineSection` schemas) to bind, validate and provide as live views. */
  sections?: Section[];
  /** Last-known-good snapshot on disk, written after every applied swap. */
  cache?: { path: string };
  /** Per source, for its first load; default 5000. */
  startupTimeoutMs?: number;
  /** With no config and no cache, fail startup (default) or continue on defaults. */
  failFast?: boolean;
  retry?: RetryOptions;
  limits?: InputLimits;
  /**
   * What keys no field declares do, for sections that do not say (`@ConfigSection(path, { unknownKeys })`);
   * default `warn`. Top-level keys nothing reads are listed and logged under `warn` and `reject`
   * (no section owns them to quarantine) and not looked for under `ignore`.
   */
  unknownKeys?: UnknownKeysPolicy;
  /**
   * Dotted paths the app reads as free-form trees, or in ways the module cannot see (a `get` at
   * runtime): no key at or under one is listed as unknown, at the top level or in a section.
   */
  ignoreKeys?: string[];
  /**
   * Makes `status().hash` an HMAC under this key. Without it the hash is a plain sha256 of the
   * content, so that instances agree on it with nothing shared: whoever reads it and knows every
   * other value could test guesses of a short secret offline. Give every instance the same key
   * (from a secret, not from the config) and the hash tells an outsider no more than a revision.
   */
  hashKey?: string;
}
