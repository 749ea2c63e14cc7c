import type { LiveKey } from '../backend/publish-plan';
import type { KeyValues } from '../config-keys';
import { diffKeys, type KeyChange } from '../commands/key-diff';
import { printedHash } from '../output/printed-hash';
import { contentHash, type HistoryRecord } from './history-record';

/**
 * How the live keys under the prefix differ from the content of the last version: changes made
 * outside the CLI (an `etcdctl put`, another tool) since that version was published.
 */
export interface OutsideChanges {
  /** The last version; the live content no longer has its hash. */
  readonly since: number;
  /** The live content's hash as printed (`printedHash`), comparable with the versions' printed in the same output. */
  readonly hash: string;
  /** From the version's content to the live keys; values only with `--show-values`. */
  readonly changes: readonly KeyChange[];
  /**
   * Keys among the changes whose live mod revision is not newer than the revision the version
   * committed at: written by another writer between that publish's read and its commit (a key it
   * created there, which the per-key compares of the publish could not see). The other added and
   * changed keys were written after the version.
   */
  readonly duringPublish: readonly string[];
}

/**
 * The outside changes since `last` (the last version), or undefined when the live content still has
 * its hash or nothing was published. The stored hashes are compared; the one returned is printed
 * under `hashKey` (see `printedHash`).
 */
export function outsideChanges(
  prefix: string,
  last: HistoryRecord | undefined,
  live: ReadonlyMap<string, LiveKey>,
  showValues: boolean,
  hashKey?: string,
): OutsideChanges | undefined {
  if (!last) return undefined;
  const values: KeyValues = new Map([...live].map(([key, { value }]) => [key, value]));
  const hash = contentHash(values);
  if (hash === last.hash) return undefined;
  const { changes } = diffKeys(prefix, new Map(Object.entries(last.content)), values, showValues);
  const committed = last.revision === undefined ? undefined : BigInt(last.revision);
  const duringPublish = changes
    .filter(({ kind, key }) => kind !== 'removed' && committed !== undefined && BigInt(live.get(key)!.modRevision) <= committed)
    .map(({ key }) => key);
  return { since: last.version, hash: printedHash(hash, hashKey), changes, duringPublish };
}

/** The last version and the outside changes since it, read from a backend; undefined before the first publish. */
export async function readOutsideChanges(
  backend: {
    readonly prefix: string;
    readCounter(): Promise<{ version: number }>;
    readRecord(version: number): Promise<HistoryRecord | undefined>;
  },
  live: ReadonlyMap<string, LiveKey>,
  showValues: boolean,
  hashKey?: string,
): Promise<OutsideChanges | undefined> {
  const { version } = await backend.readCounter();
  return version ? outsideChanges(backend.prefix, await backend.readRecord(version), live, showValues, hashKey) : undefined;
}

/** `2 changed, 1 added`: the non-zero counts of a list of changes. */
export function countChanges(changes: readonly KeyChange[]): string {
  const counts = (['changed', 'added', 'removed'] as const)
    .map((kind) => [kind, changes.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0);
  return counts.map(([kind, count]) => `${count} ${kind}`).join(', ');
}

/** `changed outside the CLI since version 7: 2 changed, 1 added (1 while version 7 was published)`. */
export function describeOutsideChanges(outside: OutsideChanges): string {
  const during = outside.duringPublish.length;
  const race = during ? ` (${during} written while version ${outside.since} was being published, unseen by its compares)` : '';
  return `changed outside the CLI since version ${outside.since}: ${countChanges(outside.changes)}${race}`;
}
