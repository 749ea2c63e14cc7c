import type { CacheContents } from '../cache/last-good-cache';
import { ConfigParseError, ConfigSourceError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { findInputProblem } from '../parsing/check-tree';
import { deepFreeze, isPlainObject } from '../tree/tree-ops';
import type { SourceConnection } from './source-connection';

/** How the first load of every source runs. */
export interface InitialLoadOptions {
  readonly timeoutMs: number;
  readonly failFast: boolean;
  readonly limits: Required<InputLimits>;
  readonly cached: CacheContents | undefined;
  readonly report: (source: string, error: Error) => void;
}

/**
 * Loads every source at once, each bounded by the timeout. A source that fails serves its slice
 * of the cache (`cached`), or nothing (`failed`). Throws a `ConfigSourceError` naming each failed
 * source and its cause when `failFast` and some source has neither config nor cache.
 */
export async function loadSources(connections: readonly SourceConnection[], options: InitialLoadOptions): Promise<void> {
  const loads = await Promise.allSettled(connections.map((c) => c.initialLoad(options.timeoutMs)));
  const fatal: string[] = [];
  loads.forEach((result, i) => {
    const connection = connections[i];
    const loaded =
      result.status === 'fulfilled' ? checkLoaded(connection.name, result.value.tree, options.limits) : (result.reason as Error);
    if (!(loaded instanceof Error)) {
      connection.raw = loaded;
      connection.revision = result.status === 'fulfilled' ? result.value.revision : undefined;
      return;
    }
    options.report(connection.name, loaded);
    if (serveCached(connection, options.cached, loaded)) return;
    connection.fail('failed', loaded);
    if (options.failFast) fatal.push(`'${connection.name}': ${loaded.message.replace(`Config source '${connection.name}': `, '')}`);
  });
  if (fatal.length) {
    const names = connections.filter((c) => c.state === 'failed').map((c) => c.name);
    throw new ConfigSourceError(names.join(', '), `startup failed and no cached config to serve: ${fatal.join('; ')}`, true);
  }
}

/** Puts the cached slice of a source in place of its live one; false when the cache has none. */
export function serveCached(connection: SourceConnection, cached: CacheContents | undefined, cause: Error): boolean {
  const slice = cached?.sources[connection.name];
  if (!slice) return false;
  connection.raw = slice.tree;
  connection.revision = slice.revision;
  connection.fail('cached', cause);
  return true;
}

function checkLoaded(source: string, tree: ConfigTree, limits: Required<InputLimits>): ConfigTree | Error {
  const problem = isPlainObject(tree) ? findInputProblem(tree, limits) : 'load() returned no object';
  return problem ? new ConfigParseError(source, 'initial load', problem) : deepFreeze(tree);
}
