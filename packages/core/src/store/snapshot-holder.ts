import { Subject, type Observable } from 'rxjs';
import type { ConfigChangeEvent } from '../interfaces/config-events.interface';
import type { ConfigSnapshot } from './config-snapshot';

const EMPTY: ConfigSnapshot = Object.freeze({
  version: 0,
  appliedAt: new Date(0),
  tree: {},
  slices: [],
  sections: [],
  unknownKeys: [],
});

/** What a published swap is, besides its snapshot. */
export type SwapFacts = Pick<ConfigChangeEvent, 'source' | 'changedPaths' | 'changedSections' | 'receivedAt'>;

/**
 * Runs the notifications of a published swap — the `snapshots$` subscribers (change handlers,
 * observers), then `changes$` — inside something of its own, such as a trace span; it calls
 * `notify` exactly once.
 */
export type SwapScope = (change: ConfigChangeEvent, notify: () => void) => void;

/**
 * The one mutable thing of the library: the reference to the snapshot being served. Readers take
 * `current`; the store publishes each next snapshot with one assignment, so a reader never sees a
 * mix of two versions.
 */
export class SnapshotHolder {
  private snapshot: ConfigSnapshot = EMPTY;
  private readonly snapshotsSubject = new Subject<ConfigSnapshot>();
  private readonly changesSubject = new Subject<ConfigChangeEvent>();
  private scopes: readonly SwapScope[] = [];

  /** Every snapshot published as a change. */
  readonly snapshots$: Observable<ConfigSnapshot> = this.snapshotsSubject.asObservable();
  /** `{ version, source, changedPaths, changedSections, previous, current, receivedAt }` after every change. */
  readonly changes$: Observable<ConfigChangeEvent> = this.changesSubject.asObservable();

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  /** Serves `snapshot` without telling anyone: the first one, or bookkeeping that changes no value. */
  replace(snapshot: ConfigSnapshot): void {
    this.snapshot = snapshot;
  }

  /** Serves `snapshot` and emits it as a change, inside every swap scope (the first added outermost). */
  publish(snapshot: ConfigSnapshot, facts: SwapFacts): void {
    const previous = this.snapshot;
    this.snapshot = snapshot;
    const change: ConfigChangeEvent = { version: snapshot.version, ...facts, previous: previous.tree, current: snapshot.tree };
    const notify = () => {
      this.snapshotsSubject.next(snapshot);
      this.changesSubject.next(change);
    };
    this.scopes.reduceRight<() => void>((inner, scope) => () => scope(change, inner), notify)();
  }

  /** Runs each later swap's notifications inside `scope`, until the returned function is called. */
  around(scope: SwapScope): () => void {
    this.scopes = [...this.scopes, scope];
    return () => (this.scopes = this.scopes.filter((s) => s !== scope));
  }

  complete(): void {
    this.snapshotsSubject.complete();
    this.changesSubject.complete();
  }
}
