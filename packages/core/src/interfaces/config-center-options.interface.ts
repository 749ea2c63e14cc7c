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

/**
 * Where the keys that open `enc:` values come from, read at startup. A text value that starts
 * `enc:` is an envelope (`enc:v1:aes256gcm:<kid>:<nonce>:<ciphertext>`, written by
 * `config-center encrypt`); it is opened after the merge, before binding, with the config path as
 * associated data. One that cannot be opened quarantines its section (`errors$` kind `secret`).
 */
export interface SecretsOptions {
  /** A directory of `<kid>.key` files, each base64 of 32 bytes (a Kubernetes Secret mount). */
  readonly keyDir?: string;
  /** Inline keys by key id, each base64 of 32 bytes: `{ k1: process.env.CC_KEY_K1 }`. A key without a value is a startup error. */
  readonly keys?: Readonly<Record<string, string | undefined>>;
  /**
   * Resolve `${file:/path}` (the file's text, one trailing newline dropped; the file watched, so a
   * rotated credential is a new snapshot) and `${env:NAME}` values, at the step where `enc:` values
   * are opened: the tree, hash and cache keep the reference; a value from one is secret. One that
   * cannot be resolved quarantines its section (kind `secret`). Off by default: such text is text.
   */
  readonly references?: boolean;
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
  /**
   * The keys for encrypted values. Without them every `enc:` value is refused (its section is
   * quarantined): a ciphertext is never served as if it were the value.
   */
  secrets?: SecretsOptions;
}
