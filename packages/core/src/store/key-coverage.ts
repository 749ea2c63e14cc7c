import type { UnknownKeysPolicy } from '../interfaces/config-center-options.interface';
import type { ConfigTree } from '../interfaces/config-source.interface';
import type { UncoveredKey } from '../interfaces/config-status.interface';
import { parsePath } from '../tree/config-path';
import { closestName } from '../util/closest-name';

const NONE: readonly UncoveredKey[] = Object.freeze([]);

/**
 * Which top-level keys of the merged tree something reads: the first segment of every section path
 * and of every path read at startup (`@ConfigValue`, `@OnConfigChange(path)`, `get`, `observe`),
 * and of each `ignoreKeys` path. Once startup's readers are all known (`seal`, when the watches
 * start) a key none covers is listed, with the covered key it most likely misspells; a path read
 * later (a `get` at runtime) is not known and does not cover. Computed once per tree: a Set lookup
 * per top-level key.
 */
export class KeyCoverage {
  private readonly covered = new Set<string>();
  private everything = false;
  private sealed = false;
  private last: { readonly tree: ConfigTree; readonly uncovered: readonly UncoveredKey[] } | undefined;

  /** `policy`: the module's `unknownKeys`; `ignore` lists nothing here either. */
  constructor(
    private readonly policy: UnknownKeysPolicy,
    ignoreKeys: readonly string[] = [],
  ) {
    for (const path of ignoreKeys) this.cover(parsePath(path));
  }

  /** Counts `path` as read: its first segment is covered (the root path covers every key). Ignored once sealed. */
  cover(path: readonly string[]): void {
    if (this.sealed) return;
    if (path.length === 0) this.everything = true;
    else this.covered.add(path[0]);
  }

  /** Startup's readers are all known: from now on, `uncovered` lists. */
  seal(): void {
    this.sealed = true;
  }

  /** The top-level keys of `tree` nothing covers, in the tree's order; none before `seal`. */
  uncovered(tree: ConfigTree): readonly UncoveredKey[] {
    if (!this.sealed || this.everything || this.policy === 'ignore') return NONE;
    if (this.last?.tree === tree) return this.last.uncovered;
    const keys = Object.keys(tree).filter((key) => !this.covered.has(key));
    // Frozen: every status() hands out this same list.
    const uncovered = keys.length ? Object.freeze(keys.map((key) => withSuggestion(key, closestName(key, this.covered)))) : NONE;
    this.last = { tree, uncovered };
    return uncovered;
  }
}

function withSuggestion(key: string, didYouMean: string | undefined): UncoveredKey {
  return Object.freeze(didYouMean === undefined ? { key } : { key, didYouMean });
}

/** How a message names an uncovered key: `ratelimit (did you mean 'rateLimit'?)`. */
export function uncoveredKeyText({ key, didYouMean }: UncoveredKey): string {
  return didYouMean === undefined ? key : `${key} (did you mean '${didYouMean}'?)`;
}

/** The warning the log gives for the uncovered keys of the served tree, or `undefined` for none. */
export function uncoveredKeysWarning(uncovered: readonly UncoveredKey[]): string | undefined {
  if (!uncovered.length) return undefined;
  return (
    `Config keys no section reads at the top level: ${uncovered.map(uncoveredKeyText).join(', ')}; ` +
    'their values are not used (a typo? list a free-form path in ignoreKeys, or set unknownKeys to ignore)'
  );
}
