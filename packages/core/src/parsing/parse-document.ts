import { parse as parseYaml } from 'yaml';
import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import { findInputProblem } from './check-tree';
import { DEFAULT_INPUT_LIMITS } from './input-limits';

/** The document formats the core reads. */
export type DocumentFormat = 'json' | 'yaml';

/** The format of a file or key by its extension, or `undefined` when it has none of ours. */
export function formatOf(name: string): DocumentFormat | undefined {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}

/**
 * Parses a JSON or YAML document and checks it (forbidden keys, depth, size).
 * Throws a `ConfigParseError` naming the source and location, never the content.
 */
export function parseDocument(
  text: string,
  format: DocumentFormat,
  where: { source: string; location: string },
  limits: Required<InputLimits> = DEFAULT_INPUT_LIMITS,
): unknown {
  if (text.length > limits.maxDocumentLength) {
    throw new ConfigParseError(
      where.source,
      where.location,
      `document is ${text.length} characters long; the limit is ${limits.maxDocumentLength}`,
    );
  }
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    throw new ConfigParseError(where.source, where.location, `malformed ${format.toUpperCase()}${describe(error)}`);
  }
  const problem = findInputProblem(value ?? null, limits);
  if (problem) throw new ConfigParseError(where.source, where.location, problem);
  return value ?? null;
}

/** Where a parse failed, without the text around it, which could hold a secret. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /(line \d+, column \d+|position \d+)/.exec(message);
  return position ? ` at ${position[1]}` : '';
}
