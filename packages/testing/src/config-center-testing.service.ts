import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { filter, map, merge, type Observable } from 'rxjs';
import { ConfigCenterError, type ConfigChangeEvent, type ConfigTree, type MemoryBatch, type MemoryConfigSource } from '@config-center/core';
import { CONFIG_STORE, type ConfigStore } from '@config-center/core/source-kit';
import { TESTING_CONFIG_SOURCE } from './config-center-testing.module-definition';

/** What became of one pushed change. */
type Outcome = { readonly applied: ConfigChangeEvent } | { readonly rejected: Error };

/** A change waiting to be pushed, with the promise it settles. */
interface PendingChange {
  readonly push: () => void;
  readonly resolve: (event: ConfigChangeEvent | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Drives the in-memory source of a `ConfigCenterTestingModule`: each method pushes one batch and
 * returns a promise of its outcome — the applied `ConfigChangeEvent`, `undefined` when the batch
 * changed nothing, or a rejection with the error of the `errors$` event when the store refused it
 * (validation or bad input), in which case the previous config stays live.
 *
 * The change is applied synchronously, before the method returns; the promise only reports it.
 * Call it after `moduleRef.init()` / `app.init()`: that binds `@ConfigValue` properties and
 * subscribes `@OnConfigChange` handlers. Called before `init()`, it starts the module's watch
 * early (what `init()` would do) and the change still applies, but handlers subscribed later do
 * not see it. A change pushed from inside the handling of another (an `@OnConfigChange` handler,
 * a `changes$` subscriber) is pushed right after that one is applied. After the module is
 * closed, every method rejects.
 */
@Injectable()
export class ConfigCenterTesting implements OnApplicationShutdown {
  private readonly pending: PendingChange[] = [];
  private readonly outcomes$: Observable<Outcome>;
  private pushing = false;
  private closed = false;

  constructor(
    @Inject(CONFIG_STORE) private readonly store: ConfigStore,
    @Inject(TESTING_CONFIG_SOURCE) private readonly source: MemoryConfigSource,
  ) {
    const name = source.name;
    this.outcomes$ = merge(
      store.changes$.pipe(
        filter((event) => event.source === name),
        map((event) => ({ applied: event })),
      ),
      store.errors$.pipe(
        filter((event) => event.source === name && event.kind !== 'handler'),
        map((event) => ({ rejected: event.error })),
      ),
    );
  }

  /** Sets the value at a dotted path, as one batch. */
  update(path: string, value: unknown): Promise<ConfigChangeEvent | undefined> {
    return this.enqueue(() => this.source.set(path, value));
  }

  /** Removes the value at a dotted path, as one batch. */
  delete(path: string): Promise<ConfigChangeEvent | undefined> {
    return this.enqueue(() => this.source.delete(path));
  }

  /** Applies every edit `fn` makes as one batch: one swap, or nothing when any part is invalid. */
  batch(fn: (batch: MemoryBatch) => void): Promise<ConfigChangeEvent | undefined> {
    return this.enqueue(() => this.source.batch(fn));
  }

  /** Replaces the whole tree of the source, as one batch. */
  replace(tree: ConfigTree): Promise<ConfigChangeEvent | undefined> {
    return this.enqueue(() => this.source.replace(tree));
  }

  /** Marks the testing module closed: from now on every method rejects. */
  onApplicationShutdown(): void {
    this.closed = true;
    const error = this.closedError();
    for (let next = this.pending.shift(); next; next = this.pending.shift()) next.reject(error);
  }

  private enqueue(push: () => void): Promise<ConfigChangeEvent | undefined> {
    if (this.closed) return Promise.reject(this.closedError());
    return new Promise((resolve, reject) => {
      this.pending.push({ push, resolve, reject });
      if (!this.pushing) this.drain();
    });
  }

  /** Pushes queued changes one at a time, so that each one's outcome is the next the store emits. */
  private drain(): void {
    this.pushing = true;
    try {
      this.store.startWatching();
      for (let next = this.pending.shift(); next; next = this.pending.shift()) this.pushOne(next);
    } finally {
      this.pushing = false;
    }
  }

  private pushOne(change: PendingChange): void {
    if (this.closed) return change.reject(this.closedError());
    let outcome: Outcome | undefined;
    const subscription = this.outcomes$.subscribe((next) => (outcome ??= next));
    try {
      change.push();
    } catch (error) {
      return change.reject(error);
    } finally {
      subscription.unsubscribe();
    }
    if (outcome === undefined) change.resolve(undefined);
    else if ('applied' in outcome) change.resolve(outcome.applied);
    else change.reject(outcome.rejected);
  }

  private closedError(): ConfigCenterError {
    return new ConfigCenterError(`Config source '${this.source.name}': the testing module is closed; no change can be pushed`);
  }
}
