import { isUtf8 } from 'node:buffer';
import { KeyMapper } from '@config-center/core/source-kit';
import type { IKeyValue, IWatchResponse } from 'etcd3';
import type { KeyChange } from './etcd-key-index';

/** The changes etcd made in one revision: one transaction, never split across batches. */
export interface RevisionChanges {
  readonly revision: number;
  readonly changes: KeyChange[];
}

/**
 * A key-value pair from etcd as a change relative to `prefix` (its bytes); `deleted` for a delete
 * event. Keys and values are compared and decoded as bytes: a key or value that is not UTF-8 is
 * named in hex and marked `unreadable`, never turned into U+FFFD (two such keys would become one).
 */
export function toKeyChange(kv: IKeyValue, prefix: Buffer, deleted = false): KeyChange | undefined {
  const start = prefix.length;
  if (kv.key.length < start || kv.key.compare(prefix, 0, start, 0, start) !== 0) return undefined;
  const keyBytes = kv.key.subarray(start);
  const modRevision = Number(kv.mod_revision);
  if (!isUtf8(keyBytes)) {
    const key = KeyMapper.describe(keyBytes);
    return { key, value: deleted ? undefined : '', modRevision, unreadable: 'the key is not valid UTF-8' };
  }
  const key = keyBytes.toString();
  if (deleted) return { key, modRevision };
  if (!isUtf8(kv.value)) return { key, value: `0x${kv.value.toString('hex')}`, modRevision, unreadable: 'the value is not valid UTF-8' };
  return { key, value: kv.value.toString(), modRevision };
}

/**
 * Splits the events of a watch response into one group per revision, in order. etcd sends every
 * event of a revision in the same response, and a response may carry several revisions.
 */
export function groupByRevision(response: IWatchResponse, prefix: Buffer): RevisionChanges[] {
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

/**
 * Gathers the revisions of watch responses that arrive in one turn of the event loop, so that a
 * backlog is applied as one batch rather than one swap per response. A response that finds the
 * window closed is emitted at once — an idle app gets each revision without delay — and opens it
 * until the next turn (`setImmediate`); responses that arrive meanwhile are held and emitted
 * together when it closes, which opens it again, until a turn brings nothing.
 */
export class EtcdRevisionWindow {
  private held: RevisionChanges[] | undefined;
  private timer: NodeJS.Immediate | undefined;

  constructor(private readonly emit: (revisions: readonly RevisionChanges[]) => void) {}

  /** Emits `revisions` now, or holds them for the batch of this turn. */
  add(revisions: readonly RevisionChanges[]): void {
    if (!revisions.length) return;
    if (this.held) {
      this.held.push(...revisions);
      return;
    }
    this.open();
    this.emit(revisions);
  }

  /** Whether revisions are held for the batch of this turn, not emitted yet. */
  get holding(): boolean {
    return !!this.held?.length;
  }

  /** Drops what is held, unemitted: its stream is gone, and a watch from the cursor brings it again. */
  clear(): void {
    clearImmediate(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  /** Opens the window before emitting, so an emit that clears it (the subscriber left) keeps it closed. */
  private open(): void {
    this.held = [];
    this.timer = setImmediate(() => this.close());
  }

  private close(): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.timer = undefined;
    if (!held.length) return;
    this.open();
    this.emit(held);
  }
}
