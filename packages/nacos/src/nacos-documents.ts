import { parseLines } from 'dot-properties';
import { ConfigParseError, KeyMapper, mergeSlices, parseDocument, valueOfText, type ConfigTree } from '@config-center/core/source-kit';
import type { NacosDataIdSpec } from './nacos-options';

/** A dataId's content as config: its value, or why it cannot be read (never the content). */
export type NacosDocument = { readonly value: unknown; readonly problem?: undefined } | { readonly problem: string };

// Dotted keys are paths, through the core's one key mapper: `a=1` and `a.b=2` give way as keys on
// etcd do, and a forbidden segment (`__proto__.x`) is reported, not dropped.
const propertiesMapper = new KeyMapper({ separator: '.' });

/**
 * Reads a dataId's content by its kind: YAML and JSON by the core's `parseDocument` (a plain scalar
 * keeps its text); `.properties` by `dot-properties` (escapes, continuation lines, `=`/`:`/space
 * separators, as `java.util.Properties` reads them), each dotted key a path and each value its text;
 * any other dataId is its text. A document merged at the root must be a mapping.
 */
export function readNacosDocument(spec: NacosDataIdSpec, content: string, source: string): NacosDocument {
  let value: unknown;
  try {
    if (spec.kind === 'text') return { value: valueOfText(content) };
    if (spec.kind === 'properties') {
      const pairs = parseLines(content).filter((line): line is string[] => Array.isArray(line));
      const mapped = propertiesMapper.map(pairs.map(([key, text]) => [key, text] as const));
      if (mapped.problems.length) return { problem: `key '${mapped.problems[0].key}': ${mapped.problems[0].problem}` };
      value = mapped.tree;
    } else value = parseDocument(content, spec.kind, { source, location: spec.label });
  } catch (error) {
    return { problem: error instanceof ConfigParseError ? error.reason : 'unreadable document' };
  }
  if (!spec.path.length && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return { problem: 'a document merged at the root must be a mapping; give the dataId a path' };
  }
  return { value };
}

/** The tree of the dataIds' values, merged in order at their paths (later overrides earlier). */
export function mergeNacosDocuments(documents: readonly { readonly spec: NacosDataIdSpec; readonly value: unknown }[]): ConfigTree {
  const slices = documents.map(({ spec, value }) => {
    let slice: unknown = value;
    for (let i = spec.path.length - 1; i >= 0; i--) slice = { [spec.path[i]]: slice };
    return slice as ConfigTree;
  });
  return mergeSlices(slices);
}
