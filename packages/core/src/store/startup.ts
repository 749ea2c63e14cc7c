import type { CacheContents } from '../cache/last-good-cache';
import { ConfigParseError, ConfigSourceError, type ConfigValidationIssue } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { parsePath } from '../tree/config-path';
import { mergedAt, mergeSlices } from '../tree/merge-trees';
import { freezeInput, getAt, isPlainObject, setAt } from '../tree/tree-ops';
import type { ConfigSnapshot } from './config-snapshot';
import { rejectionOf } from './error-events';
import type { PendingPath } from './next-snapshot';
import { leaveOutUnsafe, type SafeTree } from './prepare-batch';
import { bindSection, type BindResult, type SectionBinding } from './section-binder';
import type { SourceConnection } from './source-connection';

const EMPTY_SLICE: ConfigTree = Object.freeze({});

/** How the first load of every source runs. */
export interface InitialLoadOptions {
  readonly timeoutMs: number;
  readonly failFast: boolean;
  readonly limits: Required<InputLimits>;
  readonly cached: CacheContents | undefined;
  readonly report: (source: string, error: Error) => void;
}

/**
 * Loads every source at once, each bounded by the timeout, and returns each one's raw slice. Only a
 * source that cannot load serves its own slice of the cache (`cached`), or nothing (`failed`).
 * Throws a `ConfigSourceError` naming each failed source and its cause when `failFast` and some
 * source has neither config nor cache.
 */
export async function loadSources(connections: readonly SourceConnection[], options: InitialLoadOptions): Promise<NamedSlice[]> {
  const loads = await Promise.allSettled(connections.map((c) => c.initialLoad(options.timeoutMs)));
  const fatal: string[] = [];
  const slices = loads.map((result, i): NamedSlice => {
    const connection = connections[i];
    const { name } = connection;
    const loaded = result.status === 'fulfilled' ? checkLoaded(name, result.value.tree, options.limits) : (result.reason as Error);
    if (!(loaded instanceof Error)) {
      const revision = result.status === 'fulfilled' ? result.value.revision : undefined;
      for (const error of loaded.leftOut) options.report(name, error);
      connection.record({ received: true, revision, rejections: loaded.leftOut, applied: true, clean: false });
      return { name, raw: loaded.tree };
    }
    options.report(name, loaded);
    const slice = options.cached?.sources[name];
    connection.failedLoad(loaded, slice);
    if (!slice && options.failFast) fatal.push(`'${name}': ${loaded.message.replace(`Config source '${name}': `, '')}`);
    return { name, raw: slice?.tree ?? EMPTY_SLICE };
  });
  if (fatal.length) {
    const names = connections.filter((c) => c.status().state === 'failed').map((c) => c.name);
    throw new ConfigSourceError(names.join(', '), `startup failed and no cached config to serve: ${fatal.join('; ')}`, true);
  }
  return slices;
}

/** The first snapshot, the paths it serves from the cache rather than live, and the sections quarantined. */
export interface FirstSnapshot {
  readonly snapshot: ConfigSnapshot;
  readonly pending: PendingPath[];
  readonly quarantined: { readonly binding: SectionBinding; readonly source: string; readonly issues: ConfigValidationIssue[] }[];
}

/**
 * Binds every section on the merged slices. A section invalid at startup serves its cached value
 * — every source's cached slice at its path, and nothing else of the cache — quarantined, with
 * the blame on the source that holds the bad path; without a cache it serves its defaults when not
 * `failFast`. When neither is valid, throws the section's `ConfigValidationError`.
 */
export function firstSnapshot(
  loaded: readonly NamedSlice[],
  bindings: readonly SectionBinding[],
  cached: CacheContents | undefined,
  failFast: boolean,
): FirstSnapshot {
  const slices = loaded.map((source) => source.raw);
  let tree = mergeSlices(slices);
  const sections: object[] = [];
  const unknownKeys: (readonly string[])[] = [];
  const pending: PendingPath[] = [];
  const quarantined: FirstSnapshot['quarantined'] = [];
  for (const binding of bindings) {
    const live = bindOnTree(binding, tree, loaded);
    if (live.ok) {
      sections[binding.index] = live.instance;
      unknownKeys[binding.index] = live.unknownKeys;
      continue;
    }
    const { source } = live;
    if (!cached && failFast) throw rejectionOf(source, live.issues);
    loaded.forEach(({ name, raw }, i) => {
      const fallback = cached?.sources[name]?.tree ?? {};
      slices[i] = setAt(slices[i], binding.path, getAt(fallback, binding.path));
      pending.push({ source: i, path: binding.path, batches: [0], value: getAt(raw, binding.path) });
    });
    const value = mergedAt(slices, binding.path);
    tree = setAt(tree, binding.path, value);
    const served = bindSection(binding, value);
    if (!served.ok) throw rejectionOf(source, live.issues);
    sections[binding.index] = served.instance;
    unknownKeys[binding.index] = served.unknownKeys;
    quarantined.push({ binding, source, issues: live.issues });
  }
  const snapshot = { version: 1, appliedAt: new Date(), tree, slices, sections, unknownKeys };
  return { snapshot, pending, quarantined };
}

/** A source's raw slice and its name: what a path is blamed on. */
export interface NamedSlice {
  readonly name: string;
  readonly raw: ConfigTree;
}

/** A section bound on the merged tree: its value, or its issues and the source to blame for the first. */
export type TreeBinding = Extract<BindResult, { ok: true }> | (Extract<BindResult, { ok: false }> & { readonly source: string });

/** Binds one section on the merged tree, as startup does for each; an invalid one names the source that holds its first bad path. */
export function bindOnTree(binding: SectionBinding, tree: ConfigTree, slices: readonly NamedSlice[]): TreeBinding {
  const bound = bindSection(binding, getAt(tree, binding.path));
  return bound.ok ? bound : { ...bound, source: ownerOf(parsePath(bound.issues[0].path), slices) };
}

/**
 * The source to blame for `path`: the one whose value there is served (see `causeOf`), else the
 * last source whose raw slice holds a value above it.
 */
export function ownerOf(path: readonly string[], slices: readonly NamedSlice[]): string {
  const cause = causeOf(path, slices);
  if (cause !== undefined) return cause;
  for (let i = slices.length - 1; i >= 0; i--) {
    for (let depth = path.length - 1; depth > 0; depth--) {
      if (getAt(slices[i].raw, path.slice(0, depth)) !== undefined) return slices[i].name;
    }
  }
  return 'defaults';
}

/**
 * The last source whose raw slice supplies the value served at `path`: it holds a value there, or
 * one above it that is no object (which hides what earlier sources hold below). An object above
 * the path that holds nothing at it supplies nothing there. `undefined` when no source does.
 */
export function causeOf(path: readonly string[], slices: readonly NamedSlice[]): string | undefined {
  for (let i = slices.length - 1; i >= 0; i--) {
    for (let depth = path.length; depth > 0; depth--) {
      const value = getAt(slices[i].raw, path.slice(0, depth));
      if (value === undefined) continue;
      if (depth === path.length || !isPlainObject(value)) return slices[i].name;
      break;
    }
  }
  return undefined;
}

/**
 * A loaded tree deep-frozen, with each key that breaks the input limits left out and named (a
 * `ConfigParseError` each): one bad key leaves every other key loading. A load that returned no
 * object is refused whole.
 */
export function checkLoaded(source: string, tree: ConfigTree, limits: Required<InputLimits>): SafeTree | ConfigParseError {
  if (!isPlainObject(tree)) return new ConfigParseError(source, 'initial load', 'load() returned no object');
  const safe = leaveOutUnsafe(source, tree, limits, EMPTY_SLICE);
  return { tree: freezeInput(safe.tree), leftOut: safe.leftOut };
}
