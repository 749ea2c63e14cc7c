import type { ApplierParts } from './applier-parts';
import { ConfigParseError, ConfigSourceError } from '../errors';
import type { ConfigBatch } from '../interfaces/config-source.interface';
import { parsePath, pathsOverlap } from '../tree/config-path';
import { nextSnapshot, rawSlices, withPending, type Accepted, type PendingPath } from './next-snapshot';
import { namePaths, prepareBatch, type PreparedBatch } from './prepare-batch';
import { judgeRebind, snapshotInputs, type Rebinding } from './rebind-judge';
import { publishAccepted } from './publish-accepted';
import { blamedErrors } from './quarantine';
import type { SourceConnection } from './source-connection';
import type { BatchOutcome } from './source-standing';
import { causeOf, type FirstSnapshot, type NamedSlice } from './startup';

/** A batch handed over, waiting its turn. */
interface Delivery {
  readonly connection: SourceConnection;
  readonly batch: ConfigBatch;
  readonly receivedAt: number;
}

/** Sections to bind again on the same input (`cause`: `secrets`), waiting their turn: what their secrets resolve to changed. */
type Rebind = Pick<Rebinding, 'cause' | 'indexes'> & { readonly receivedAt: number };

/** What one batch comes to: the outcome its connection records, and the snapshot to serve when it applies. */
interface Verdict {
  readonly outcome: BatchOutcome;
  readonly next?: Accepted;
}

/**
 * Applies the batches of every source in turn, all or nothing per batch, one swap per batch: it
 * prepares a batch against its source's raw slice (the applied slice with the values rejected
 * batches left pending over it: a source's state is not held twice), builds the next snapshot,
 * keeps the books of the pending paths and of the quarantined sections, answers the connection
 * with the batch's outcome, and serves the snapshot — the one writer of the snapshot holder. A
 * batch that cannot be applied at all (a defect) is reported, and the batches behind it apply.
 */
export class BatchApplier {
  private readonly queue: (Delivery | Rebind)[] = [];
  /** Paths where a source's backend differs from its applied slice, left by rejected batches, with their values. */
  private pending: readonly PendingPath[] = [];
  private rejectedBatches = 0;
  private applying = false;

  constructor(private readonly parts: ApplierParts) {}

  /** Serves the first snapshot, with the paths it serves from the cache and the sections it holds in quarantine. */
  begin(first: FirstSnapshot): void {
    this.parts.holder.replace(first.snapshot);
    this.pending = first.pending;
    for (const { binding, source, issues } of first.quarantined)
      this.parts.quarantine.hold(binding.index, binding.pathText, source, issues);
  }

  /** Each source's raw slice and name: its backend's latest state as it delivered it, rejected updates included. */
  rawSlices(): NamedSlice[] {
    const raws = rawSlices(this.parts.holder.current.slices, this.pending);
    return this.parts.connections.map(({ name }, i) => ({ name, raw: raws[i] }));
  }

  /** Applies `batch` of `connection` once the batches before it have (at once when none waits). */
  submit(connection: SourceConnection, batch: ConfigBatch): void {
    this.enqueue({ connection, batch, receivedAt: performance.now() });
  }

  /**
   * Binds the sections at `indexes` again, on their sources' latest state (what rejected batches
   * left pending in them included), once the batches before have applied: what their `enc:` values
   * or references resolve to changed (`cause`: `secrets`). All or nothing, as a batch: a section
   * still failing stays held; one that binds is released and served in one swap.
   */
  rebind(cause: string, indexes: readonly number[]): void {
    if (indexes.length) this.enqueue({ cause, indexes, receivedAt: performance.now() });
  }

  private enqueue(job: Delivery | Rebind): void {
    this.queue.push(job);
    if (this.applying) return;
    this.applying = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      try {
        if ('cause' in next) this.applyRebind(next);
        else this.apply(next);
      } catch (error) {
        // A defect, not the input (a rule that throws is an issue of its section): reported, and the queue goes on.
        const name = error instanceof Error ? error.name : typeof error;
        const source = 'cause' in next ? next.cause : next.connection.name;
        const defect = new ConfigSourceError(source, `update not applied: ${name}`, true, { cause: error });
        if ('cause' in next) this.parts.board.report(source, defect);
        else this.answer(next, { received: false, revision: next.batch.revision, rejections: [defect], applied: false, clean: false });
      }
    }
    this.applying = false;
  }

  private apply(delivery: Delivery): void {
    const { holder, board } = this.parts;
    const previous = holder.current;
    const { outcome, next } = this.judge(delivery.connection, delivery.batch);
    if (!next) return this.answer(delivery, outcome);
    delivery.connection.record(outcome);
    for (const error of outcome.rejections) board.report(delivery.connection.name, error, undefined, delivery.batch.revision);
    publishAccepted(this.parts, next, delivery.connection.name, delivery.receivedAt, previous);
  }

  /** Binds sections again on their sources' latest state, with the books kept as for a batch (see `rebind`). */
  private applyRebind({ cause, indexes, receivedAt }: Rebind): void {
    const previous = this.parts.holder.current;
    const { next, pending } = judgeRebind(this.parts, { previous, pending: this.pending, cause, indexes });
    this.pending = pending;
    if (next) publishAccepted(this.parts, next, cause, receivedAt, previous);
    else this.parts.board.changed();
  }

  /** Prepares the batch, builds the next snapshot and keeps the books of pending paths and quarantine. */
  private judge(connection: SourceConnection, batch: ConfigBatch): Verdict {
    const { revision } = batch;
    const previous = this.parts.holder.current;
    const raws = rawSlices(previous.slices, this.pending);
    const prepared = prepareBatch({ name: connection.name, raw: raws[connection.index] }, batch, this.parts.limits);
    if (prepared.refused) return this.refuse(connection, revision, prepared, prepared.refused);
    const { raw, leftOut } = prepared;
    raws[connection.index] = raw;
    const { quarantine, sections } = this.parts;
    const changed = prepared.paths.map((path) => ({ source: connection.index, path }));
    const next = nextSnapshot(snapshotInputs(this.parts, { previous, raws, changed, pending: this.pending }));
    if (next.kind === 'rejected') {
      this.pending = withPending(this.pending, changed, ++this.rejectedBatches, raw);
      const named = raws.map((slice, i) => ({ name: this.parts.connections[i].name, raw: slice }));
      const blame = (path: string) => causeOf(parsePath(path), named) ?? connection.name;
      for (const [index, issues] of next.failing) quarantine.hold(index, sections.at(index).pathText, blame, issues);
      const invalid = blamedErrors(next.issues, blame);
      return { outcome: { received: true, revision, rejections: [...leftOut, ...invalid], applied: false, clean: false } };
    }
    this.pending = this.pending.filter((p) => !next.consumed.includes(p));
    quarantine.release(next.touched);
    const holdsBack = quarantine.blames(connection.name) || this.pending.some((p) => p.source === connection.index);
    return { outcome: { received: true, revision, rejections: leftOut, applied: true, clean: !leftOut.length && !holdsBack }, next };
  }

  /**
   * Refuses a batch that breaks the input limits as a whole as a rejected batch is refused: nothing
   * of it applies, its paths stay pending (so a later batch that makes them fit converges on the
   * source's state), and the sections it touches are held, named with the paths and the limit.
   */
  private refuse(connection: SourceConnection, revision: string | undefined, prepared: PreparedBatch, refused: ConfigParseError): Verdict {
    const { quarantine, sections } = this.parts;
    const changed = prepared.paths.map((path) => ({ source: connection.index, path }));
    this.pending = withPending(this.pending, changed, ++this.rejectedBatches, prepared.raw);
    const issue = (paths: (readonly string[])[]) => ({
      path: namePaths(paths),
      constraints: { maxDocumentLength: refused.reason },
      message: refused.reason,
    });
    for (const binding of sections.all()) {
      const inside = prepared.paths.filter((path) => pathsOverlap(path, binding.path));
      if (inside.length) quarantine.hold(binding.index, binding.pathText, connection.name, [issue(inside)]);
    }
    return { outcome: { received: true, revision, rejections: [...prepared.leftOut, refused], applied: false, clean: false } };
  }

  /** Answers a batch that serves nothing new: its connection records the outcome, each rejection is reported. */
  private answer({ connection, batch }: Delivery, outcome: BatchOutcome): void {
    connection.record(outcome);
    for (const error of outcome.rejections) this.parts.board.report(connection.name, error, undefined, batch.revision);
    this.parts.board.changed();
  }
}
