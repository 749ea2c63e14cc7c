import { sectionNameOf, type Section } from '@config-center/core/sections';
import type { SecretKeyring } from '@config-center/core/secrets';
import { checkConfig, ConfigParseError, type ConfigLayer, type LoadedConfig, type UncoveredKey } from '@config-center/core/tooling';
import { isAtUnchecked, maskEnvelopes } from './unchecked-secrets';
import type { UncheckedSecret, ValidationProblem, ValidationReport } from './validation-report';

/** What the app knows besides its sections: the keys that open `enc:` values, and the paths it reads itself. */
export interface LayerChecks {
  readonly keyring?: SecretKeyring;
  readonly ignoreKeys?: readonly string[];
}

/** A layer to validate: the name problems are blamed on, as the app names its source, and how to read it. */
export interface LayerRead {
  readonly name: string;
  load(): Promise<LoadedConfig>;
}

/** A layer that failed to load for a reason other than its content: the caller decides what that means. */
export class LayerLoadError extends Error {
  constructor(
    readonly source: string,
    readonly error: Error,
  ) {
    super(error.message);
  }
}

/**
 * Reads layers (lowest first), then checks them against the sections with the core's
 * `checkConfig` — the functions the app's startup runs: input checks, merge, each section bound
 * with its unknown-keys policy — so every section's issues are reported, not just the first failing
 * one's. A layer whose content cannot be read is a parse problem and nothing is bound, as the app
 * would not start; one that cannot load at all throws `LayerLoadError`. `parseProblems` are
 * problems found before (a proposal's left-out keys). `enc:` values are opened with `keyring`, as
 * the app opens them; without it each envelope's grammar and key id are checked (a malformed one
 * is a problem) and its value is reported as unchecked (`maskEnvelopes`). Keys at or under
 * `ignoreKeys` (the project file's, as the app's module option) are not warned of.
 */
export async function validateLayers(
  reads: readonly LayerRead[],
  sections: readonly Section[],
  parseProblems: readonly ValidationProblem[] = [],
  { keyring, ignoreKeys }: LayerChecks = {},
): Promise<ValidationReport> {
  const names = reads.map((read) => read.name);
  const loaded = await loadLayers(reads);
  const problems = [...parseProblems, ...loaded.problems];
  const unknownKeys: string[] = [];
  let uncoveredKeys: readonly UncoveredKey[] = [];
  let uncheckedSecrets: UncheckedSecret[] = [];
  if (loaded.layers) {
    const masked = keyring ? { layers: loaded.layers, unchecked: [], problems: [] } : maskEnvelopes(loaded.layers);
    uncheckedSecrets = masked.unchecked;
    problems.push(...masked.problems);
    const check = checkConfig(masked.layers, sections, { keyring, ignoreKeys });
    uncoveredKeys = check.uncoveredKeys;
    problems.push(...check.parseErrors.map((error) => parseProblem(error, error.source)));
    for (const { error, unknownKeys: keys } of check.sections) {
      unknownKeys.push(...keys);
      for (const { path, message } of error?.issues ?? []) {
        if (!isAtUnchecked(path, masked.unchecked)) problems.push({ kind: 'validation', path, message, source: error!.source });
      }
    }
  }
  const sectionNames = sections.map(sectionNameOf);
  return { valid: problems.length === 0, layers: names, sections: sectionNames, problems, unknownKeys, uncoveredKeys, uncheckedSecrets };
}

/** Every layer read at once; the problems of those whose content cannot be read, or `LayerLoadError` for the first that failed otherwise. */
async function loadLayers(reads: readonly LayerRead[]): Promise<{ layers?: ConfigLayer[]; problems: ValidationProblem[] }> {
  const results = await Promise.allSettled(reads.map((read) => read.load()));
  const problems: ValidationProblem[] = [];
  const layers: ConfigLayer[] = [];
  let failure: LayerLoadError | undefined;
  results.forEach((result, i) => {
    const { name } = reads[i];
    if (result.status === 'fulfilled') layers.push({ name, tree: result.value.tree, problems: result.value.problems });
    else if (result.reason instanceof ConfigParseError) problems.push(parseProblem(result.reason, name));
    else failure ??= new LayerLoadError(name, result.reason as Error);
  });
  if (problems.length) return { problems };
  if (failure) throw failure;
  return { layers, problems };
}

/** A parse problem: the file or key that cannot be read, and why. */
export function parseProblem(error: ConfigParseError, source: string): ValidationProblem {
  return { kind: 'parse', path: error.location, message: error.reason, source };
}
