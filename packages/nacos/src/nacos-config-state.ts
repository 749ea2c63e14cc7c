import { heldBackError, type ConfigParseError, type ConfigTree, type LeftOutKey } from '@config-center/core/source-kit';
import { mergeNacosDocuments, readNacosDocument } from './nacos-documents';
import type { NacosDataIdSpec } from './nacos-options';
import { contentMd5, namespaceIdOf, type ConfigKey, type ConfigListenContext } from './protocol/nacos-messages';

/** A dataId as applied: the md5 last read (what the source listens with) and its last good value. */
interface AppliedDataId {
  md5: string;
  value: unknown;
}

/** What a round of queries made: a tree to apply, a batch held back, or nothing new. */
export type NacosRound =
  { kind: 'apply'; tree: ConfigTree; problems: LeftOutKey[] } | { kind: 'held'; error: ConfigParseError } | { kind: 'same' };

/**
 * The applied state of a source's dataIds: the md5 each was last read with and its last good
 * value. A round of query answers is applied whole, as one batch; when a dataId in it cannot be
 * read, the round is held back and that dataId keeps its last good value but records the md5
 * read (so it is not queried again until it changes), while the readable dataIds of the round
 * keep their old md5 and so come with the next re-listen.
 */
export class NacosConfigState {
  private readonly applied: AppliedDataId[];

  constructor(
    private readonly specs: readonly NacosDataIdSpec[],
    private readonly namespace: string,
    private readonly source: string,
  ) {
    this.applied = specs.map(() => ({ md5: '', value: undefined }));
  }

  /** The batch-listen contexts: each dataId with the md5 of what was applied ("" for none). */
  listenContexts(): ConfigListenContext[] {
    return this.specs.map((spec, i) => ({ dataId: spec.dataId, group: spec.group, tenant: this.namespace, md5: this.applied[i].md5 }));
  }

  /** The indexes of the dataIds a changed config names (a blank tenant and `public` are one namespace). */
  indexesOf(key: ConfigKey): number[] {
    if (namespaceIdOf(key.tenant) !== namespaceIdOf(this.namespace)) return [];
    return this.specs.flatMap((spec, i) => (spec.dataId === key.dataId && spec.group === key.group ? [i] : []));
  }

  /** Applies the contents read for `indexes` (`undefined`: not found) as one round; `initial` leaves unreadable ones out instead of holding back. */
  apply(contents: ReadonlyMap<number, string | undefined>, initial: boolean): NacosRound {
    const next = this.applied.map((entry) => ({ ...entry }));
    const problems: LeftOutKey[] = [];
    let changed = false;
    for (const [i, content] of contents) {
      const md5 = contentMd5(content);
      if (md5 === next[i].md5) continue;
      const document = content === undefined ? { value: undefined } : readNacosDocument(this.specs[i], content, this.source);
      next[i].md5 = md5;
      changed = true;
      if (document.problem === undefined) next[i].value = document.value;
      else problems.push({ key: this.specs[i].label, problem: document.problem });
    }
    if (problems.length && !initial) {
      for (const { key } of problems) {
        const i = this.specs.findIndex((spec) => spec.label === key);
        this.applied[i].md5 = next[i].md5;
      }
      return { kind: 'held', error: heldBackError(this.source, problems, 'not applied') };
    }
    this.applied.splice(0, this.applied.length, ...next);
    return changed || initial ? { kind: 'apply', tree: this.tree(), problems } : { kind: 'same' };
  }

  /** The merged tree of the applied values. */
  tree(): ConfigTree {
    return mergeNacosDocuments(
      this.specs.flatMap((spec, i) => (this.applied[i].value === undefined ? [] : [{ spec, value: this.applied[i].value }])),
    );
  }

  /** The revision: each dataId's md5 (its first 8 digits; `-` when missing), in order. */
  revision(): string {
    return this.applied.map((entry, i) => `${this.specs[i].label}@${entry.md5 ? entry.md5.slice(0, 8) : '-'}`).join(',');
  }
}
