import { Observable, type Subscriber } from 'rxjs';
import type { ConfigSourceEvent } from '../interfaces/config-source.interface';

/** A running watch: its subscriber and the controller that stops its loop. */
interface ActiveWatch {
  readonly subscriber: Subscriber<ConfigSourceEvent>;
  readonly controller: AbortController;
}

/**
 * The watches of a source that follows its backend with one loop per subscriber, stopped by an
 * `AbortSignal` (an HTTP long poll or blocking query: Consul, Apollo). Each subscription runs its
 * own loop; unsubscribing aborts it; `closeAll()` aborts every loop at once and completes its
 * subscriber, so a held request ends on `close()` instead of at its timeout. A loop that rejects
 * errors its subscriber.
 */
export class AbortableWatches {
  private readonly active = new Set<ActiveWatch>();

  /** An Observable that runs `loop` for each subscriber, with a signal aborted on unsubscribe or `closeAll()`. */
  watch(loop: (subscriber: Subscriber<ConfigSourceEvent>, signal: AbortSignal) => Promise<void>): Observable<ConfigSourceEvent> {
    return new Observable<ConfigSourceEvent>((subscriber) => {
      const watch: ActiveWatch = { subscriber, controller: new AbortController() };
      this.active.add(watch);
      loop(subscriber, watch.controller.signal).then(
        () => this.active.delete(watch),
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        watch.controller.abort();
        this.active.delete(watch);
      };
    });
  }

  /** Aborts every running loop and completes its subscriber. */
  closeAll(): void {
    for (const watch of [...this.active]) {
      watch.controller.abort();
      watch.subscriber.complete();
    }
    this.active.clear();
  }
}
