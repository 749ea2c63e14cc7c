import type { ApplierParts } from './applier-parts';
import type { ConfigSnapshot } from './config-snapshot';
import type { Accepted } from './next-snapshot';

/**
 * Serves an accepted snapshot for the batch applier (its one writer of the holder): published as a
 * change (and logged) when a value changed, else replaced quietly; then the status board is told,
 * and the snapshot is saved to the cache when it is another. `source` names what made it (a
 * source's name, or `secrets` for a rebind).
 */
export function publishAccepted(parts: ApplierParts, next: Accepted, source: string, receivedAt: number, previous: ConfigSnapshot): void {
  const { holder, board, cache, connections } = parts;
  serve(parts, next, source, receivedAt, previous);
  board.warnUnknownKeys(previous);
  board.changed();
  if (holder.current !== previous) cache?.save(holder.current, connections);
}

function serve(
  { holder, sections, log }: ApplierParts,
  next: Accepted,
  source: string,
  receivedAt: number,
  previous: ConfigSnapshot,
): void {
  if (next.kind === 'unchanged') return holder.replace(next.snapshot);
  const changedSections = next.touched.filter((index) => next.snapshot.sections[index] !== previous.sections[index]);
  const { changedPaths, snapshot } = next;
  holder.publish(snapshot, {
    source,
    changedPaths,
    changedSections: changedSections.map((index) => sections.at(index).name),
    receivedAt,
  });
  const sectionPaths = changedSections.map((index) => sections.at(index).pathText);
  log.applied({ version: snapshot.version, source, sectionPaths, changedPaths });
}
