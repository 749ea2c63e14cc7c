import { parse as parseYaml, type DocumentOptions, type ParseOptions, type ScalarTag, type SchemaOptions, type ToJSOptions } from 'yaml';
import { ConfigParseError } from '../errors';
import type { InputLimits } from '../interfaces/config-center-options.interface';
import { findInputProblem } from './check-tree';
import { DEFAULT_INPUT_LIMITS } from './input-limits';
import { yamlErrorReason } from './yaml-error-reason';

/** The document formats the core reads. */
export type DocumentFormat = 'json' | 'yaml';

/** An explicit YAML type tag (`!!int 007`) read as the text it tags, as a plain scalar is. */
function textTag(name: string): ScalarTag {
  return { tag: `tag:yaml.org,2002:${name}`, resolve: (text: string) => text };
}

/** The options of the `yaml` package that `parseDocument` reads YAML with. */
export type YamlReadOptions = ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions;

/**
 * How YAML is read, for a tool that reads a document's nodes with the `yaml` package itself (the
 * CLI finds a key's line) and must see the keys the app sees: the failsafe schema, so a plain
 * scalar is its text (`1.10` stays `'1.10'`, as in a key) for the field's declared type to
 * convert; `null`, `~` and an empty value stay null; `!!int`, `!!float` and `!!bool` tag text
 * too. No merge keys (`<<` is a key, as YAML 1.2 has it), whatever `%YAML` version a document
 * names. The alias and duplicate-key limits hold. A tag it does not know (`!vault x`) leaves the
 * text, with no warning: the package's warnings quote the line, which may hold a secret. A fresh
 * object each call.
 */
export function yamlReadOptions(): YamlReadOptions {
  return {
    schema: 'failsafe',
    customTags: ['null', textTag('int'), textTag('float'), textTag('bool')],
    maxAliasCount: 100,
    uniqueKeys: true,
    logLevel: 'error',
  };
}

const YAML_OPTIONS = yamlReadOptions();

/** The format of a file or key by its extension, or `undefined` when it has none of ours. */
export function formatOf(name: string): DocumentFormat | undefined {
  if (/\.json$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  return undefined;
}

/**
 * Parses a JSON or YAML document and checks it (forbidden keys, depth, size). A YAML plain scalar
 * is its text; a JSON number literal is a number, whose text JSON does not keep (`1.10` is `1.1`).
 * Throws a `ConfigParseError` naming the source and location, never the content; for YAML, the
 * parser's reason and the line and column in `text` (see `yamlErrorReason`).
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
    value = format === 'json' ? JSON.parse(text) : parseYaml(text, YAML_OPTIONS);
  } catch (error) {
    const reason = format === 'json' ? `malformed JSON${describeJson(error)}` : yamlErrorReason(error);
    // No cause: the parser's own message quotes the text around the error.
    throw new ConfigParseError(where.source, where.location, reason);
  }
  const problem = findInputProblem(value ?? null, limits);
  if (problem) throw new ConfigParseError(where.source, where.location, problem);
  return value ?? null;
}

/** Where a JSON parse failed, without the text around it, which could hold a secret. */
function describeJson(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /(line \d+, column \d+|position \d+)/.exec(message);
  return position ? ` at ${position[1]}` : '';
}
