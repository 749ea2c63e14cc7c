import { ConfigCenterError, ConfigSourceClosedError } from '../errors';
import type { ConfigSource, LoadedConfig } from '../interfaces/config-source.interface';
import { KeyMapper } from '../mapping/key-mapper';

/** Options of an `EnvConfigSource`. */
export interface EnvConfigSourceOptions {
  /** Only variables whose names start with it are read, e.g. `APP__`. Case-sensitive. */
  readonly prefix: string;
  /** Splits the rest of a name into path segments; default `__`. */
  readonly separator?: string;
  /** The variables to read; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Names the source in status, errors and the cache; default `env:<prefix>`. */
  readonly name?: string;
}

/**
 * Config from environment variables, read once by `load()` (there is no watch: a process's
 * environment does not change), through the core's key mapper.
 *
 * The case rule: the prefix is removed, the rest is split on `separator` into path segments, and
 * each segment is split on `_`, lower-cased and joined camelCase: `RATE_LIMIT` → `rateLimit`,
 * `LIMIT` → `limit`, `TTL_MS` → `ttlMs`, `HTTP2_PORT` → `http2Port`. A segment may hold only
 * letters, digits and single `_` between words. Values keep their text (`1.10` stays `'1.10'`
 * for a string field), for the declared type of the field to convert; a JSON object or array is
 * that structure.
 *
 * A variable whose segment is empty, malformed or a forbidden key (`__proto__`, `constructor`,
 * `prototype`), or whose value breaks the input limits, is left out and reported, naming the
 * variable, never its value; the others load. A variable below another's path overlays it
 * (`APP__A__B=2` makes `a` an object, over `APP__A=1`).
 *
 * @example
 * ```ts
 * // APP__RATE_LIMIT__LIMIT=5  →  { rateLimit: { limit: '5' } }, a number in a number field
 * new EnvConfigSource({ prefix: 'APP__' });
 * ```
 */
export class EnvConfigSource implements ConfigSource {
  readonly name: string;
  private readonly prefix: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly mapper: KeyMapper;
  private closed = false;

  constructor(options: EnvConfigSourceOptions) {
    this.prefix = options.prefix;
    this.env = options.env ?? process.env;
    this.name = options.name ?? `env:${options.prefix}`;
    const separator = options.separator ?? '__';
    if (!this.prefix) throw new ConfigCenterError(`Config source '${this.name}': prefix must not be empty`);
    if (!separator) throw new ConfigCenterError(`Config source '${this.name}': separator must not be empty`);
    this.mapper = new KeyMapper({ separator, segment: camelCase });
  }

  async load(): Promise<LoadedConfig> {
    if (this.closed) throw new ConfigSourceClosedError(this.name);
    const entries: [string, string][] = [];
    for (const variable of Object.keys(this.env)) {
      const value = this.env[variable];
      if (variable.startsWith(this.prefix) && value !== undefined) entries.push([variable.slice(this.prefix.length), value]);
    }
    const { tree, problems } = this.mapper.map(entries);
    return { tree, problems: problems.map(({ key, problem }) => ({ key: `${this.prefix}${key}`, problem })) };
  }

  /** Nothing to release: the variables were read once. */
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** `RATE_LIMIT` → `rateLimit`; `undefined` for a segment that is not words of letters and digits joined by single `_`. */
function camelCase(segment: string): string | undefined {
  if (!/^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(segment)) return undefined;
  return segment
    .toLowerCase()
    .split('_')
    .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}
