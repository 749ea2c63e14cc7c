import type { ConfigCenterError } from '../errors';
import type { ConfigTree } from '../interfaces/config-source.interface';
import type { ConfigSourceStatus } from '../interfaces/config-status.interface';

/**
 * What became of one batch, as the batch applier answers the connection that handed it over: the
 * one message back of an apply, which the connection records whole.
 */
export interface BatchOutcome {
  /** The batch was taken in (whole or but for edits left out); false when it was dropped before that. */
  readonly received: boolean;
  readonly revision?: string;
  /** What the batch was refused for (edits left out, unreadable input, invalid sections, a defect): each counts as a rejected update. */
  readonly rejections: readonly ConfigCenterError[];
  /** Applied or changing nothing: its revision counts as applied. */
  readonly applied: boolean;
  /** Applied whole with nothing of the source held back (pending or quarantined): its last error is over. */
  readonly clean: boolean;
}

/**
 * Where one source stands, as its status shows it: its state, the revisions it delivered and
 * applied, its last error and counters. The source connection keeps one and writes it. (Its raw
 * slice is not here: the applier derives it from the applied slice and the pending paths.)
 */
export class SourceStanding {
  private currentState: ConfigSourceStatus['state'] = 'connected';
  private hasDelivered = false;
  private appliedRevision: string | undefined;
  private receivedRevision: string | undefined;
  private lastError: ConfigSourceStatus['lastError'];
  private rejectedUpdates = 0;
  private reconnects = 0;

  constructor(private readonly name: string) {}

  get state(): ConfigSourceStatus['state'] {
    return this.currentState;
  }

  /** Whether it delivered a slice (a load, a batch, or its cached slice) at least once. */
  get delivered(): boolean {
    return this.hasDelivered;
  }

  /** Records the outcome of a load or a batch. */
  record(outcome: BatchOutcome): void {
    if (outcome.received) {
      this.hasDelivered = true;
      if (outcome.revision !== undefined) this.receivedRevision = outcome.revision;
    }
    for (const error of outcome.rejections) this.rejected(error);
    if (outcome.applied) this.appliedRevision = this.receivedRevision;
    if (outcome.clean) this.lastError = undefined;
  }

  /** Counts a rejected update and remembers why. */
  rejected(error: Error): void {
    this.rejectedUpdates++;
    this.recordError(error);
  }

  /** Its first load failed on `cause`: it serves its slice of the last-good cache (`cached`), or nothing (`failed`). */
  failedLoad(cause: Error, cached: { readonly tree: ConfigTree; readonly revision?: string } | undefined): void {
    if (cached) {
      this.hasDelivered = true;
      this.appliedRevision = this.receivedRevision = cached.revision;
    }
    this.currentState = cached ? 'cached' : 'failed';
    this.recordError(cause);
  }

  recordError(error: Error): void {
    this.lastError = { message: error.message, at: new Date() };
  }

  /** Moves to `state`; whether it changed. A source back to `connected` leaves the error that took it away behind. */
  moveTo(state: ConfigSourceStatus['state']): boolean {
    if (this.currentState === state) return false;
    if (this.currentState === 'connected' && state === 'reconnecting') this.reconnects++;
    this.currentState = state;
    if (state === 'connected') this.lastError = undefined;
    return true;
  }

  status(): ConfigSourceStatus {
    const { name, currentState: state, appliedRevision: revision, receivedRevision, lastError, rejectedUpdates, reconnects } = this;
    return { name, state, revision, receivedRevision, lastError, rejectedUpdates, reconnects };
  }
}
