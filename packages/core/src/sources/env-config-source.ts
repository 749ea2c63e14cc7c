import { ConfigCenterError, ConfigParseError } from '../errors';
import type { ConfigSource, LoadedConfig } from '../interfaces/config-source.interface';
import { findInputProblem, findPathProblem } from '../parsing/check-tree';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { parseScalar } from '../parsing/parse-document';
import { isPlainObject } from '../tree/tree-ops';

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
 * environment does not change).
 *
 * The case rule: the prefix is removed, the rest is split on `separator` into path segments, and
 * each segment is split on `_`, lower-cased and joined camelCase: `RATE_LIMIT` → `rateLimit`,
 * `LIMIT` → `limit`, `TTL_MS` → `ttlMs`, `HTTP2_PORT` → `http2Port`. A segment may hold only
 * letters, digits and single `_` between words. Values go through `parseScalar`: JSON when it
 * parses (`5` → 5, `true` → true, `{"a":1}` → an object), else the string itself.
 *
 * A variable whose segment is empty, malformed or a forbidden key (`__proto__`, `constructor`,
 * `prototype`), whose value breaks the input limits, or whose path clashes with another variable's
 * (`APP__A=1` with `APP__A__B=2`) fails the load with a `ConfigParseError` naming the variable,
 * never its value.
 *
 * @example
 * ```ts
 * // APP__RATE_LIMIT__LIMIT=5  →  { rateLimit: { limit: 5 } }
 * new EnvConfigSource({ prefix: 'APP__' });
 * ```
 */
export class EnvConfigSource implements ConfigSource {
  readonly name: string;
  private readonly prefix: string;
  private readonly separator: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: EnvConfigSourceOptions) {
    this.prefix = options.prefix;
    this.separator = options.separator ?? '__';
    this.env = options.env ?? process.env;
    this.name = options.name ?? `env:${options.prefix}`;
    if (!this.prefix) throw new ConfigCenterError(`Config source '${this.name}': prefix must not be empty`);
    if (!this.separator) throw new ConfigCenterError(`Config source '${this.name}': separator must not be empty`);
  }

  async load(): Promise<LoadedConfig> {
    const tree: Record<string, unknown> = {};
    const placed = new Map<string, string>();
    const variables = Object.keys(this.env).filter((key) => key.startsWith(this.prefix) && this.env[key] !== undefined);
    for (const variable of variables.sort()) {
      const path = this.pathOf(variable);
      const value = parseScalar(this.env[variable] as string);
      const problem = findInputProblem(value, DEFAULT_INPUT_LIMITS, path);
      if (problem) throw new ConfigParseError(this.name, variable, problem);
      const clash = clashOf(path, placed);
      if (clash) throw new ConfigParseError(this.name, variable, `its path '${path.join('.')}' clashes with ${clash}`);
      placed.set(path.join('.'), variable);
      setPath(tree, path, value);
    }
    return { tree };
  }

  /** Nothing to release: the variables were read once. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The config path of a variable, by the case rule of the class. */
  private pathOf(variable: string): string[] {
    const segments = variable.slice(this.prefix.length).split(this.separator);
    const path = segments.map((segment) => {
      if (!/^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/.test(segment)) {
        const reason =
          segment === '' ? 'has an empty path segment' : `segment '${segment}' is not words of letters and digits joined by single '_'`;
        throw new ConfigParseError(this.name, variable, reason);
      }
      return camelCase(segment);
    });
    const problem = findPathProblem(path);
    if (problem) throw new ConfigParseError(this.name, variable, problem);
    return path;
  }
}

/** `RATE_LIMIT` → `rateLimit`. */
function camelCase(segment: string): string {
  return segment
    .toLowerCase()
    .split('_')
    .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join('');
}

/** The variable already placed at `path`, at a prefix of it, or below it; `undefined` when none is. */
function clashOf(path: readonly string[], placed: ReadonlyMap<string, string>): string | undefined {
  const text = path.join('.');
  for (const [other, variable] of placed) {
    if (other === text || text.startsWith(`${other}.`) || other.startsWith(`${text}.`)) return `'${variable}'`;
  }
  return undefined;
}

function setPath(tree: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
