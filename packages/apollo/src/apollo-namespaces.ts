import type { ConfigTree, LeftOutKey } from '@config-center/core';
import { mergeSlices } from '@config-center/core/source-kit';
import type { ApolloNotification, NamespaceRead } from './apollo-config-reader';
import type { ApolloNamespaceMapping } from './apollo-namespace-mapping';
import type { ApolloNamespace } from './apollo-options';

/** Apollo's id for "no notification seen yet" (`ConfigConsts.NOTIFICATION_ID_PLACEHOLDER`). */
const NO_NOTIFICATION = -1;

/** What the source holds of one namespace: its notification id, release key and last good tree. */
interface NamespaceEntry {
  notificationId: number;
  releaseKey: string | undefined;
  tree: ConfigTree;
}

/** What a set of reads changed: nothing, a tree to apply, or a batch held back for unreadable keys. */
export type NamespacesStep =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'changed'; readonly tree: ConfigTree; readonly revision: string }
  | { readonly kind: 'held'; readonly problems: readonly LeftOutKey[]; readonly revision: string };

/**
 * The source's cursor over its namespaces: per namespace the notification id and release key it
 * holds and its last good tree, merged in the configured order (later namespaces override earlier
 * ones). Reads that change a namespace to content that cannot be read are held back whole, as an
 * etcd revision is: the other namespaces of the same reads wait for the next change, and the
 * namespace keeps its last good tree. The revision is the release keys, joined by `+` as Apollo joins them.
 */
export class ApolloNamespaces {
  private readonly entries = new Map<string, NamespaceEntry>();

  constructor(
    private readonly namespaces: readonly ApolloNamespace[],
    private readonly mapping: ApolloNamespaceMapping,
  ) {
    for (const { name } of namespaces) this.entries.set(name, { notificationId: NO_NOTIFICATION, releaseKey: undefined, tree: {} });
  }

  /** The ids held, as `/notifications/v2` takes them. */
  notifications(): ApolloNotification[] {
    return this.namespaces.map(({ name }) => ({ namespaceName: name, notificationId: this.entry(name).notificationId }));
  }

  /** The namespaces a poll answer names (by the name sent, or without `.properties`), with their new ids. */
  notified(answer: readonly ApolloNotification[]): Map<ApolloNamespace, number> {
    const found = new Map<ApolloNamespace, number>();
    for (const { namespaceName, notificationId } of answer) {
      const namespace = this.namespaces.find((n) => n.name === namespaceName || n.name === `${namespaceName}.properties`);
      if (namespace && notificationId > this.entry(namespace.name).notificationId) found.set(namespace, notificationId);
    }
    return found;
  }

  /** The release key held for a namespace. */
  releaseKey(namespace: ApolloNamespace): string | undefined {
    return this.entry(namespace.name).releaseKey;
  }

  /** Starts over from full reads of every namespace: the merged tree, and every key left out with why. */
  load(reads: readonly NamespaceRead[]): { tree: ConfigTree; problems: LeftOutKey[]; revision: string } {
    const problems: LeftOutKey[] = [];
    for (const read of reads) {
      const entry = this.entry(read.namespace.name);
      if (read.kind === 'same') continue;
      const mapped = read.kind === 'released' ? this.mapping.treeOf(read.namespace, read.configurations) : { tree: {}, problems: [] };
      if (read.kind === 'missing')
        problems.push({ key: read.namespace.name, problem: 'the namespace has no release in the cluster nor in default' });
      problems.push(...mapped.problems);
      entry.releaseKey = read.kind === 'released' ? read.releaseKey : undefined;
      entry.tree = mapped.tree;
    }
    return { tree: this.merged(), problems, revision: this.revision() };
  }

  /**
   * Records later reads (and the ids they answer); what they change, as one step. A namespace
   * changed to content that cannot be read keeps its last good tree; the others take their new trees,
   * which come with the next step when this one is held back.
   */
  next(reads: readonly NamespaceRead[], ids: ReadonlyMap<ApolloNamespace, number>): NamespacesStep {
    for (const [namespace, id] of ids) this.entry(namespace.name).notificationId = id;
    const problems: LeftOutKey[] = [];
    let changed = false;
    for (const read of reads) {
      const entry = this.entry(read.namespace.name);
      if (read.kind === 'same' || (read.kind === 'missing' && entry.releaseKey === undefined)) continue;
      const mapped = read.kind === 'released' ? this.mapping.treeOf(read.namespace, read.configurations) : { tree: {}, problems: [] };
      entry.releaseKey = read.kind === 'released' ? read.releaseKey : undefined;
      changed = true;
      if (mapped.problems.length) problems.push(...mapped.problems);
      else entry.tree = mapped.tree;
    }
    if (problems.length) return { kind: 'held', problems, revision: this.revision() };
    return changed ? { kind: 'changed', tree: this.merged(), revision: this.revision() } : { kind: 'unchanged' };
  }

  private merged(): ConfigTree {
    return mergeSlices(this.namespaces.map(({ name }) => this.entry(name).tree));
  }

  private revision(): string {
    return this.namespaces.map(({ name }) => this.entry(name).releaseKey ?? '-').join('+');
  }

  private entry(name: string): NamespaceEntry {
    return this.entries.get(name)!;
  }
}
