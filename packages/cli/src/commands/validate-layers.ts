import { MemoryConfigSource, sectionNameOf, type ConfigErrorEvent, type Section } from '@config-center/core';
import { ConfigParseError, ConfigStore, ConfigValidationError, type ConfigSource, type ConfigTree } from '@config-center/core/source-kit';
import type { ValidationProblem, ValidationReport } from './validation-report';

/** How long each layer may take to load; a backend that cannot answer within it is unreachable. */
const STARTUP_TIMEOUT_MS = 15_000;

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
 * Runs layers (lowest first) and sections through the core's own `ConfigStore`, `failFast` as an
 * app starts: the sources are loaded and mapped once, then each section is bound and validated on
 * its own store over the same slices, so every section's issues are reported, not just the first
 * failing one's. `parseProblems` are problems found before the store (a proposal's left-out keys).
 */
export async function validateLayers(
  layers: readonly ConfigSource[],
  sections: readonly Section[],
  parseProblems: readonly ValidationProblem[] = [],
): Promise<ValidationReport> {
  const names = layers.map((layer) => layer.name);
  const loaded = await loadSlices(layers);
  const problems = [...parseProblems, ...loaded.problems];
  const unknownKeys: string[] = [];
  if (loaded.slices) {
    for (const section of sections) {
      const bound = await bindSection(loaded.slices, names, section);
      problems.push(...bound.problems);
      unknownKeys.push(...bound.unknownKeys);
    }
  }
  return { valid: problems.length === 0, layers: names, sections: sections.map(sectionNameOf), problems, unknownKeys };
}

/** Each layer's slice as the store maps it, and the input problems it reported; throws `LayerLoadError` for a layer that cannot load. */
async function loadSlices(layers: readonly ConfigSource[]): Promise<{ slices?: readonly ConfigTree[]; problems: ValidationProblem[] }> {
  const store = new ConfigStore({ sources: [...layers], failFast: true, startupTimeoutMs: STARTUP_TIMEOUT_MS });
  const problems: ValidationProblem[] = [];
  const failures: ConfigErrorEvent[] = [];
  const subscription = store.errors$.subscribe((event) => {
    if (event.error instanceof ConfigParseError) problems.push(parseProblem(event.error, event.source));
    else failures.push(event);
  });
  try {
    await store.load();
    return { slices: store.current.slices, problems };
  } catch (error) {
    if (problems.length) return { problems };
    const failure = failures[0];
    throw new LayerLoadError(failure?.source ?? 'config', failure?.error ?? (error as Error));
  } finally {
    subscription.unsubscribe();
    await store.close();
  }
}

/** Binds one section over the slices, as the app's startup does; its issues, or the keys it does not declare. */
async function bindSection(
  slices: readonly ConfigTree[],
  names: readonly string[],
  section: Section,
): Promise<{ problems: ValidationProblem[]; unknownKeys: readonly string[] }> {
  const sources = slices.map((slice, i) => new MemoryConfigSource(slice, names[i]));
  const store = new ConfigStore({ sources, sections: [section], failFast: true });
  try {
    await store.load();
    return { problems: [], unknownKeys: store.status().unknownKeys };
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    const problems = error.issues.map(({ path, message }): ValidationProblem => ({
      kind: 'validation',
      path,
      message,
      source: error.source,
    }));
    return { problems, unknownKeys: [] };
  } finally {
    await store.close();
  }
}

/** A parse problem: the file or key that cannot be read, and why. */
export function parseProblem(error: ConfigParseError, source: string): ValidationProblem {
  return { kind: 'parse', path: error.location, message: error.reason, source };
}
