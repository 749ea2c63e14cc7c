import type { ConfigValidationIssue } from '../errors';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { coveringPaths, formatPath, pathsOverlap } from '../tree/config-path';
import { mergedAt } from '../tree/merge-trees';
import { deepEqual, deepEqualExcept, getAt, setAt } from '../tree/tree-ops';
import type { ConfigSnapshot, RequiredPath } from './config-snapshot';
import { bindSection, type SectionBinding } from './section-binder';

/** A path of one source (by index) that a batch changed. */
export interface SourcePath {
  readonly source: number;
  readonly path: readonly string[];
}

/** A path where a source's backend holds another value than the applied slice, left by a rejected batch (or an invalid startup). */
export interface PendingPath extends SourcePath {
  /**
   * The rejected batches that left it (0 for startup's). The paths of a batch apply together once
   * they can; a path a later rejected batch wrote again carries both, so when it applies, the rest
   * of each applies with it.
   */
  readonly batches: readonly number[];
  /** The value the backend holds there; `undefined` where it holds none. */
  readonly value: unknown;
}

/** What the next snapshot is built from. */
export interface SnapshotInputs {
  readonly previous: ConfigSnapshot;
  /** Each source's raw slice: its backend's latest state, this batch's included (see `rawSlices`). */
  readonly raws: readonly ConfigTree[];
  /** The paths this batch changed. */
  readonly changed: readonly SourcePath[];
  /** The paths earlier rejected batches left pending, of every source. */
  readonly pending: readonly PendingPath[];
  /** The binding indexes of the quarantined sections. */
  readonly quarantined: ReadonlySet<number>;
  readonly bindings: readonly SectionBinding[];
  readonly required: readonly RequiredPath[];
  /** Binding indexes to bind again even where their input did not change: what their secrets resolve to did (a key came, a file changed). */
  readonly rebind?: readonly number[];
}

/** A batch applied (or changing nothing): the pending paths it took in and the sections it touched. */
export interface Accepted {
  readonly kind: 'applied' | 'unchanged';
  readonly snapshot: ConfigSnapshot;
  readonly changedPaths: string[];
  readonly consumed: readonly PendingPath[];
  readonly touched: readonly number[];
}

/** A batch rejected: the issues of each section it made invalid (by binding index), and of required paths. */
export interface Rejected {
  readonly kind: 'rejected';
  readonly failing: ReadonlyMap<number, ConfigValidationIssue[]>;
  readonly issues: ConfigValidationIssue[];
}

export type NextSnapshot = Accepted | Rejected;

/**
 * Builds the snapshot that follows a batch, doing work in proportion to the change. The batch's
 * paths are taken from the raw slices into the applied ones, together with the pending paths of
 * any source that fall in the sections the batch touches (so a section is always bound on its
 * sources' whole state), and with the rest of the rejected batches those belong to, but for their
 * paths in sections that stay quarantined: a section left invalid by an earlier batch keeps its last
 * good value while batches that do not touch it apply, and once a batch makes it valid what its
 * rejected batch carried for other sections applies with it. Only those paths are re-merged, only
 * the sections they change are re-bound, and every untouched subtree and section instance is
 * shared with `previous`.
 */
export function nextSnapshot(inputs: SnapshotInputs): NextSnapshot {
  const { previous, raws, bindings } = inputs;
  const { candidate, consumed } = gatherPaths(inputs.changed, inputs.pending, inputs.quarantined, bindings);
  const slices = [...previous.slices];
  // Outermost first and once: a path copied after one above it would undo that copy (a value that is no object).
  raws.forEach((raw, source) => {
    const paths = coveringPaths(candidate.filter((c) => c.source === source).map((c) => c.path));
    for (const path of paths) slices[source] = setAt(slices[source], path, getAt(raw, path));
  });

  let tree = previous.tree;
  const changed: (readonly string[])[] = [];
  for (const path of coveringPaths(candidate.map((c) => c.path))) {
    const value = mergedAt(slices, path);
    if (deepEqual(getAt(tree, path), value)) continue;
    tree = setAt(tree, path, value);
    changed.push(path);
  }
  const touched = bindings.filter((b) => candidate.some((c) => pathsOverlap(c.path, b.path))).map((b) => b.index);
  const forced = new Set(inputs.rebind);
  if (!changed.length && !forced.size) {
    const same = slices.every((slice, i) => slice === previous.slices[i]);
    return { kind: 'unchanged', snapshot: same ? previous : { ...previous, slices }, changedPaths: [], consumed, touched };
  }

  const touches = (path: readonly string[]) => changed.some((c) => pathsOverlap(c, path));
  const sections = [...previous.sections];
  const unknownKeys = [...previous.unknownKeys];
  const failing = new Map<number, ConfigValidationIssue[]>();
  for (const binding of bindings) {
    if (!touches(binding.path) && !forced.has(binding.index)) continue;
    const result = bindSection(binding, getAt(tree, binding.path));
    if (result.ok) {
      sections[binding.index] =
        !forced.has(binding.index) && sameValue(previous, tree, binding, result.unknownKeys)
          ? previous.sections[binding.index]
          : result.instance;
      unknownKeys[binding.index] = result.unknownKeys;
    } else failing.set(binding.index, result.issues);
  }
  const snapshot = { version: previous.version + 1, appliedAt: new Date(), tree, slices, sections, unknownKeys };
  const missing = missingRequired(
    snapshot,
    inputs.required.filter((r) => touches(r.path)),
  );
  if (failing.size || missing.length) return { kind: 'rejected', failing, issues: [...[...failing.values()].flat(), ...missing] };
  return { kind: 'applied', snapshot, changedPaths: changed.map(formatPath), consumed, touched };
}

/**
 * Whether a section's new input differs from the one its previous instance was bound on only in
 * keys no field declares: then the previous instance stays, so handlers, observers and
 * `changedSections`, which compare instances by reference, see no change. Under `ignore` such keys
 * are part of the value (the instance carries them) and count.
 */
function sameValue(previous: ConfigSnapshot, tree: ConfigTree, binding: SectionBinding, unknownKeys: readonly string[]): boolean {
  const before = previous.unknownKeys[binding.index] ?? [];
  if (!unknownKeys.length && !before.length) return false;
  const except = new Set([...before, ...unknownKeys]);
  return deepEqualExcept(getAt(previous.tree, binding.path), getAt(tree, binding.path), except, binding.pathText);
}

/**
 * The batch's paths and, until nothing more joins, every pending path that overlaps one of them or
 * a section one of them touches, and every other pending path of the rejected batches those came
 * from that lies outside the quarantined sections the candidate does not touch.
 */
function gatherPaths(
  changed: readonly SourcePath[],
  pending: readonly PendingPath[],
  quarantined: ReadonlySet<number>,
  bindings: readonly SectionBinding[],
) {
  const candidate: SourcePath[] = [...changed];
  const consumed: PendingPath[] = [];
  let remaining = pending;
  while (remaining.length) {
    const touched = bindings.filter((b) => candidate.some((c) => pathsOverlap(c.path, b.path)));
    const scope = [...candidate.map((c) => c.path), ...touched.map((b) => b.path)];
    const held = bindings.filter((b) => quarantined.has(b.index) && !touched.includes(b)).map((b) => b.path);
    const batches = new Set(consumed.flatMap((p) => p.batches));
    const joins = (p: PendingPath) =>
      scope.some((path) => pathsOverlap(path, p.path)) ||
      (p.batches.some((batch) => batches.has(batch)) && !held.some((path) => pathsOverlap(path, p.path)));
    const joining = remaining.filter(joins);
    if (!joining.length) break;
    remaining = remaining.filter((p) => !joining.includes(p));
    candidate.push(...joining);
    consumed.push(...joining);
  }
  return { candidate, consumed };
}

/** The required paths that hold no value in `snapshot`. */
export function missingRequired(snapshot: ConfigSnapshot, required: readonly RequiredPath[]): ConfigValidationIssue[] {
  return required
    .filter((r) => r.read(snapshot) === undefined)
    .map((r) => {
      const path = formatPath(r.path);
      const message = `is required by ${r.owner} and has no default`;
      return { path, constraints: { isDefined: message }, message };
    });
}

/**
 * `pending` with the paths of rejected batch `batch`, each with the value `raw` (the source's raw
 * slice with the batch in it) holds there. A path pending already is taken over by it and keeps
 * the batches that left it there: when it applies, what each of them carried applies with it.
 */
export function withPending(pending: readonly PendingPath[], added: readonly SourcePath[], batch: number, raw: ConfigTree): PendingPath[] {
  const same = (a: SourcePath, p: SourcePath) => a.source === p.source && formatPath(a.path) === formatPath(p.path);
  const kept = pending.filter((p) => !added.some((a) => same(a, p)));
  const taken = (a: SourcePath) => pending.filter((p) => same(a, p)).flatMap((p) => p.batches);
  return [...kept, ...added.map((a) => ({ ...a, batches: [batch, ...taken(a)], value: getAt(raw, a.path) }))];
}

/**
 * Each source's raw slice — its backend's latest state as it delivered it, rejected updates
 * included: its applied slice with the values of its pending paths over it, oldest first. Where
 * nothing of a source is pending, that is its applied slice itself: the state is held once.
 */
export function rawSlices(slices: readonly ConfigTree[], pending: readonly PendingPath[]): ConfigTree[] {
  const raws = [...slices];
  for (const { source, path, value } of pending) raws[source] = setAt(raws[source], path, value);
  return raws;
}
