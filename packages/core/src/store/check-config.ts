import { ConfigParseError, ConfigValidationError } from '../errors';
import type { InputLimits, Section, UnknownKeysPolicy } from '../interfaces/config-center-options.interface';
import type { ConfigTree, LeftOutKey } from '../interfaces/config-source.interface';
import type { UncoveredKey } from '../interfaces/config-status.interface';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { mergeSlices } from '../tree/merge-trees';
import type { SecretKeyring } from '../secrets/secret-keyring';
import { rejectionOf } from './error-events';
import { SectionRegistry } from './section-registry';
import { bindOnTree, checkLoaded, type NamedSlice } from './startup';

/** One layer of a config: what a source loaded, named as the source is. */
export interface ConfigLayer {
  readonly name: string;
  readonly tree: ConfigTree;
  /** The keys the source left out; each is reported as a `ConfigParseError`, as the store reports it. */
  readonly problems?: readonly LeftOutKey[];
}

/** How the app's module is configured, where it changes the outcome; the module's defaults otherwise. */
export interface ConfigCheckOptions {
  readonly limits?: InputLimits;
  /** The policy of sections that do not name one; default `warn`, as the module's. */
  readonly unknownKeys?: UnknownKeysPolicy;
  /** Paths whose keys are not listed as unknown, as the module's `ignoreKeys`. */
  readonly ignoreKeys?: readonly string[];
  /** The keys that open `enc:` values (`keyringOf`, `StaticKeyring`); without them each is an issue, as in an app with none. */
  readonly keyring?: SecretKeyring;
}

/** One section bound on the merged layers. */
export interface SectionCheck {
  readonly section: Section;
  /** How messages name it: the class name, or `defineSection('rateLimit')`. */
  readonly name: string;
  /** What the app's startup would throw for it, blamed on the layer holding its first bad path; absent when valid. */
  readonly error?: ConfigValidationError;
  /** The paths of its keys that no field declares (none under `ignore`, issues under `reject`). */
  readonly unknownKeys: readonly string[];
}

/** What an app would make of the layers at startup. */
export interface ConfigCheck {
  /** Keys left out, and layers that break the input limits (a forbidden key, too deep), in layer order. */
  readonly parseErrors: readonly ConfigParseError[];
  /** Each section in order, every one bound even when another fails; none when a layer breaks the input limits, as the app would not start. */
  readonly sections: readonly SectionCheck[];
  /**
   * The top-level keys no section covers, each with the section path it most likely misspells. The
   * app also counts the paths it reads at startup (`@ConfigValue`, `get`); a check knows only the sections.
   */
  readonly uncoveredKeys: readonly UncoveredKey[];
}

/**
 * Checks layers (lowest first) against sections as the app's startup does, with the functions it
 * runs — each layer's input check, the merge of the layers, each section bound on the merged tree
 * with its unknown-keys policy, issues blamed on the layer that holds the bad path — but binds
 * every section rather than stopping at the first invalid one. Pure and synchronous: no source, no
 * store, no Nest or rxjs, for tools that validate a proposed config (the `config-center` CLI).
 *
 * @example
 * ```ts
 * const check = checkConfig([{ name: 'file:proposal.yaml', tree }], [RateLimitConfig]);
 * const valid = !check.parseErrors.length && check.sections.every((s) => !s.error);
 * ```
 */
export function checkConfig(layers: readonly ConfigLayer[], sections: readonly Section[], options: ConfigCheckOptions = {}): ConfigCheck {
  const limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const parseErrors: ConfigParseError[] = [];
  const slices: NamedSlice[] = [];
  for (const { name, tree, problems = [] } of layers) {
    parseErrors.push(...problems.map(({ key, problem }) => new ConfigParseError(name, key, problem)));
    const checked = checkLoaded(name, tree, limits);
    if (checked instanceof ConfigParseError) parseErrors.push(checked);
    else {
      parseErrors.push(...checked.leftOut);
      slices.push({ name, raw: checked.tree });
    }
  }
  if (slices.length < layers.length) return { parseErrors, sections: [], uncoveredKeys: [] };
  const registry = new SectionRegistry(options.unknownKeys ?? 'warn', options.ignoreKeys, options.keyring);
  const merged = mergeSlices(slices.map((slice) => slice.raw));
  const checks = sections.map((section): SectionCheck => {
    const binding = registry.register(section);
    const bound = bindOnTree(binding, merged, slices);
    if (bound.ok) return { section, name: binding.name, unknownKeys: bound.unknownKeys };
    return { section, name: binding.name, error: rejectionOf(bound.source, bound.issues), unknownKeys: [] };
  });
  registry.coverage.seal();
  return { parseErrors, sections: checks, uncoveredKeys: registry.coverage.uncovered(merged) };
}
