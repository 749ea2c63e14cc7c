/**
 * One built resource and the calls using it. A generation is retired when a newer one goes live,
 * and disposed once the calls it still serves have finished (or the drain timeout passed).
 */
export class ResourceGeneration<T> {
  /** Calls holding a lease on this generation. */
  inFlight = 0;
  retired = false;
  disposing = false;
  /** Forces the disposal of a retired generation whose calls do not finish in time. */
  drainTimer: NodeJS.Timeout | undefined;
  /** Resolves once the resource has been disposed (a failing dispose is reported, not thrown). */
  readonly disposed: Promise<void>;
  /** Resolves `disposed`. */
  readonly markDisposed: () => void;

  constructor(
    readonly resource: T,
    /** 1 for the resource built at startup, then one more per rebuild that went live. */
    readonly number: number,
  ) {
    let resolve!: () => void;
    this.disposed = new Promise((done) => (resolve = done));
    this.markDisposed = resolve;
  }
}

/** A call's hold on one generation's resource; `release()` when the call is done (idempotent). */
export interface ResourceLease<T> {
  readonly resource: T;
  /** The number of the generation the resource belongs to. */
  readonly generation: number;
  release(): void;
}

/** Where a live resource stands. */
export interface LiveResourceStats {
  /** The number of the generation new calls get. */
  readonly generation: number;
  /** Calls in flight on the current generation. */
  readonly inFlight: number;
  /** Retired generations still serving calls, not yet disposed. */
  readonly draining: number;
  /** Rebuilds that went live, and rebuilds that failed (the previous resource stayed). */
  readonly rebuilds: number;
  readonly failedBuilds: number;
}
