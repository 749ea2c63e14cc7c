import { ConfigParseError, type ConfigTree, type InputLimits, type LeftOutKey } from '@config-center/core';
import { KeyMapper, parseDocument } from '@config-center/core/source-kit';
import type { ApolloNamespace } from './apollo-options';

/** A namespace's release as a tree, or the keys of it that cannot be read, each with why. */
export type NamespaceTree = { readonly tree: ConfigTree; readonly problems: readonly LeftOutKey[] };

/**
 * Maps the `configurations` of Apollo releases to config trees, one rule per namespace format:
 * a properties namespace's keys split on `.` into paths by the core's key mapper (values keep their
 * text; a JSON object or array is that structure; a key with a forbidden or empty segment, or too
 * deep, is left out and reported); a `*.yaml`/`*.yml`/`*.json` namespace's `content` is one document
 * mounted at the root (`parseDocument`; an empty one is an empty tree; one that is not a mapping or
 * cannot be parsed is reported). Problems name `<namespace>:<key>`, never a value.
 */
export class ApolloNamespaceMapping {
  private readonly mapper: KeyMapper;

  constructor(
    private readonly source: string,
    limits: InputLimits | undefined,
  ) {
    this.mapper = new KeyMapper({ separator: '.', limits });
  }

  /** The tree of one namespace's configurations. */
  treeOf(namespace: ApolloNamespace, configurations: Readonly<Record<string, unknown>>): NamespaceTree {
    if (namespace.format === 'properties') {
      const entries = Object.entries(configurations).map(([key, value]) => [key, textOf(value)] as const);
      const { tree, problems } = this.mapper.map(entries);
      return { tree, problems: problems.map((p) => ({ key: `${namespace.name}:${p.key}`, problem: p.problem })) };
    }
    const key = `${namespace.name}:content`;
    const content = textOf(configurations.content);
    if (content.trim() === '') return { tree: {}, problems: [] };
    try {
      const value = parseDocument(content, namespace.format, { source: this.source, location: key }, this.mapper.limits);
      if (value === null) return { tree: {}, problems: [] };
      // A parsed document holds only objects, arrays and text: a mapping is an object that is no array.
      if (typeof value !== 'object' || Array.isArray(value))
        return { tree: {}, problems: [{ key, problem: 'the document is not a mapping at its root' }] };
      return { tree: value as ConfigTree, problems: [] };
    } catch (error) {
      const problem = error instanceof ConfigParseError ? error.reason : 'unreadable document';
      return { tree: {}, problems: [{ key, problem }] };
    }
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}
