import type { IKeyValue, IWatchResponse } from 'etcd3';
import type { KeyChange } from './etcd-key-index';

/** The changes etcd made in one revision: one transaction, applied as one batch. */
export interface RevisionChanges {
  readonly revision: number;
  readonly changes: KeyChange[];
}

/** A key-value pair from etcd as a change relative to `prefix`; `deleted` for a delete event. */
export function toKeyChange(kv: IKeyValue, prefix: string, deleted = false): KeyChange | undefined {
  const key = kv.key.toString('utf8');
  if (!key.startsWith(prefix)) return undefined;
  const relative = key.slice(prefix.length);
  const modRevision = Number(kv.mod_revision);
  return deleted ? { key: relative, modRevision } : { key: relative, value: kv.value.toString('utf8'), modRevision };
}

/**
 * Splits the events of a watch response into one group per revision, in order. etcd sends every
 * event of a revision in the same response, and a response may carry several revisions.
 */
export function groupByRevision(response: IWatchResponse, prefix: string): RevisionChanges[] {
  const groups: RevisionChanges[] = [];
  for (const event of response.events) {
    const change = toKeyChange(event.kv, prefix, event.type === 'Delete');
    if (!change) continue;
    const last = groups[groups.length - 1];
    if (last?.revision === change.modRevision) last.changes.push(change);
    else groups.push({ revision: change.modRevision, changes: [change] });
  }
  return groups;
}
