import { Subject, type Observable } from 'rxjs';
import type { ConfigChangeEvent } from '../interfaces/config-events.interface';
import type { ConfigSnapshot } from './config-snapshot';

const EMPTY: ConfigSnapshot = Object.freeze({
  version: 0,
  appliedAt: new Date(0),
  tree: {},
  hash: '',
  slices: [],
  sections: [],
  unknownKeys: [],
});

/**
 * The one mutable thing of the library: the reference to the snapshot being served. Readers take
 * `current`; the store publishes each next snapshot with one assignment, so a reader never sees a
 * mix of two versions.
 */
export class SnapshotHolder {
  private snapshot: ConfigSnapshot = EMPTY;
  private readonly snapshotsSubject = new Subject<ConfigSnapshot>();
  private readonly changesSubject = new Subject<ConfigChangeEvent>();

  /** Every snapshot published as a change. */
  readonly snapshots$: Observable<ConfigSnapshot> = this.snapshotsSubject.asObservable();
  /** `{ version, source, changedPaths, previous, current, receivedAt }` after every change. */
  readonly changes$: Observable<ConfigChangeEvent> = this.changesSubject.asObservable();

  get current(): ConfigSnapshot {
    return this.snapshot;
  }

  /** Serves `snapshot` without telling anyone: the first one, or bookkeeping that changes no value. */
  replace(snapshot: ConfigSnapshot): void {
    this.snapshot = snapshot;
  }

  /** Serves `snapshot` and emits it as a change made by `source` from a batch received at `receivedAt`. */
  publish(snapshot: ConfigSnapshot, source: string, changedPaths: readonly string[], receivedAt: number): void {
    const previous = this.snapshot;
    this.snapshot = snapshot;
    this.snapshotsSubject.next(snapshot);
    const change = { version: snapshot.version, source, changedPaths, previous: previous.tree, current: snapshot.tree, receivedAt };
    this.changesSubject.next(change);
  }

  complete(): void {
    this.snapshotsSubject.complete();
    this.changesSubject.complete();
  }
}
