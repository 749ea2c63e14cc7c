import { parsePath } from '../tree/config-path';
import type { ApplierParts } from './applier-parts';
import type { ConfigSnapshot } from './config-snapshot';
import { nextSnapshot, rawSlices, type Accepted, type PendingPath, type SnapshotInputs } from './next-snapshot';
import { blamedErrors } from './quarantine';
import type { SourceConnection } from './source-connection';
import { causeOf } from './startup';

/** What binding sections again came to: the snapshot to serve when they bound, and the pending paths left. */
export interface RebindVerdict {
  readonly next?: Accepted;
  readonly pending: readonly PendingPath[];
}

/** Sections to bind again (`indexes`) over the snapshot served, with the pending paths of the applier. */
export interface Rebinding {
  readonly previous: ConfigSnapshot;
  readonly pending: readonly PendingPath[];
  /** What changed, as `changes$` and `errors$` name it: `secrets`. */
  readonly cause: string;
  readonly indexes: readonly number[];
}

/** The inputs of `nextSnapshot` over the applier's sections and quarantine. */
export function snapshotInputs(
  parts: ApplierParts,
  over: Pick<SnapshotInputs, 'previous' | 'raws' | 'changed' | 'pending'>,
): SnapshotInputs {
  const { quarantine, sections } = parts;
  return { ...over, quarantined: quarantine.indexes(), bindings: sections.all(), required: sections.required() };
}

/**
 * Binds the sections `indexes` names again on their sources' latest state (the pending paths
 * in them) — what their secrets resolve to changed (`cause`: a key came, a referenced
 * file changed) — and keeps the books as a batch does. Sections that still fail stay held, each
 * failed path blamed on the source whose value is there, and their errors are reported; once they
 * bind, they are released, the pending paths they took in are settled, and a source nothing of
 * which is held back any more has its error cleared.
 */
export function judgeRebind(parts: ApplierParts, rebind: Rebinding): RebindVerdict {
  const { sections, quarantine, board, connections } = parts;
  const { previous, cause, indexes } = rebind;
  const raws = rawSlices(previous.slices, rebind.pending);
  const changed = connections.flatMap(({ index }) => indexes.map((i) => ({ source: index, path: sections.at(i).path })));
  const inputs = { ...snapshotInputs(parts, { previous, raws, changed, pending: rebind.pending }), rebind: indexes };
  const next = nextSnapshot(inputs);
  const named = inputs.raws.map((raw, i) => ({ name: connections[i].name, raw }));
  const blame = (path: string) => causeOf(parsePath(path), named) ?? cause;
  if (next.kind === 'rejected') {
    for (const [index, issues] of next.failing) quarantine.hold(index, sections.at(index).pathText, blame, issues);
    for (const error of blamedErrors(next.issues, blame)) board.report(error.source, error);
    return { pending: inputs.pending };
  }
  let pending = inputs.pending;
  const heldBack = (c: SourceConnection) => quarantine.blames(c.name) || pending.some((p) => p.source === c.index);
  const before = connections.filter(heldBack);
  pending = pending.filter((p) => !next.consumed.includes(p));
  quarantine.release(next.touched);
  for (const connection of before.filter((c) => !heldBack(c)))
    connection.record({ received: false, rejections: [], applied: false, clean: true });
  return { next, pending };
}
