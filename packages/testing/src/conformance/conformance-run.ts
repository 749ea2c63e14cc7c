import { ConfigCenterError, type ConfigChangeEvent, type ConfigSource, type ConfigTree, type Section } from '@config-center/core';
import { openConfigStore, type ConfigSnapshot, type ConfigStorePort } from '@config-center/core/source-kit';
import type { Subscription } from 'rxjs';
import type { ConfigSourceHarness, ConfigSourceHarnessFactory } from './config-source-harness.interface';
import type { ConformanceSections } from './conformance-sections';

/** The value at a dotted path of a tree, or `undefined`. */
export function valueAt(tree: ConfigTree, path: string): unknown {
  let node: unknown = tree;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * One conformance check's world: a harness, the source it creates and a real store over that
 * source — the same store `ConfigCenterModule` runs, through its narrow `ConfigStorePort` — binding
 * the kit's sections of one kind, with helpers to read them and to wait on the store.
 */
export class ConformanceRun {
  private storeValue: ConfigStorePort | undefined;
  private sourceValue: ConfigSource | undefined;
  private closed = false;
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    readonly harness: ConfigSourceHarness,
    readonly timeoutMs: number,
    readonly sections: ConformanceSections,
  ) {}

  /** A run over a fresh harness from `factory`, its store binding `sections`. */
  static async start(factory: ConfigSourceHarnessFactory, timeoutMs: number, sections: ConformanceSections): Promise<ConformanceRun> {
    return new ConformanceRun(await factory(), timeoutMs, sections);
  }

  /** The store `open()` created. */
  get store(): ConfigStorePort {
    if (!this.storeValue) throw new ConfigCenterError('Conformance kit: the store is used before open()');
    return this.storeValue;
  }

  /** The source the harness created in `open()`. */
  get source(): ConfigSource {
    if (!this.sourceValue) throw new ConfigCenterError('Conformance kit: the source is used before open()');
    return this.sourceValue;
  }

  /** Creates the source and a store over it, and loads it as the module does at startup. */
  async open(): Promise<ConfigStorePort> {
    this.sourceValue = await this.harness.createSource();
    const retry = { initialDelayMs: 20, maxDelayMs: 500 };
    const sections = Object.values(this.sections);
    this.storeValue = openConfigStore({ sources: [this.sourceValue], sections, startupTimeoutMs: this.timeoutMs, retry });
    await this.storeValue.load();
    return this.storeValue;
  }

  /** Opens the store and starts its watch, as the module does once the application is up. */
  async openWatching(): Promise<ConfigStorePort> {
    const store = await this.open();
    store.startWatching();
    return store;
  }

  /**
   * Writes `warmup.value` and waits until it is applied: from then on the watch is surely live, so
   * what is written next can only arrive through it (not through the read a watch may start with).
   */
  async warmUp(): Promise<void> {
    await this.harness.write('warmup.value', '1');
    await this.waitFor('warmup.value to be applied', () => this.valueAt('warmup.value') === '1');
  }

  /** The value at `path` in the tree the store serves. */
  valueAt(path: string): unknown {
    return valueAt(this.store.current.tree, path);
  }

  /** Every change event the store emits from now on, in order. */
  recordChanges(): ConfigChangeEvent[] {
    const changes: ConfigChangeEvent[] = [];
    this.track(this.store.changes$.subscribe((event) => changes.push(event)));
    return changes;
  }

  /** The value of `section` the store serves now. */
  section<T extends object>(section: Section<T>): T {
    return this.sectionIn(this.store.current, section);
  }

  /** The value of `section` in `snapshot`. */
  sectionIn<T extends object>(snapshot: ConfigSnapshot, section: Section<T>): T {
    return snapshot.sections[this.store.bindingOf(section).index] as T;
  }

  /** Every snapshot the store serves from now on (the current one first), in order. */
  recordSnapshots(): ConfigSnapshot[] {
    const snapshots: ConfigSnapshot[] = [this.store.current];
    this.track(this.store.snapshots$.subscribe((snapshot) => snapshots.push(snapshot)));
    return snapshots;
  }

  /**
   * Resolves once `condition` holds for the store, checking now and after every status change
   * (each applied, unchanged or rejected batch publishes one); rejects after `timeoutMs`.
   */
  waitFor(description: string, condition: (store: ConfigStorePort) => boolean): Promise<void> {
    const store = this.store;
    let subscription: Subscription | undefined;
    const met = new Promise<void>((resolve, reject) => {
      subscription = store.status$.subscribe({
        next: () => condition(store) && resolve(),
        complete: () => reject(this.failure(`closed while waiting for ${description}`)),
      });
    });
    return this.within(description, met).finally(() => subscription?.unsubscribe());
  }

  /** Resolves as `promise` does, or rejects once `timeoutMs` passes first. */
  async within<T>(description: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.failure(`timed out after ${this.timeoutMs} ms waiting for ${description}`)), this.timeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends `subscription` when the run closes, whatever the check did. */
  track(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }

  /** An error for a failed check, naming the source. */
  failure(message: string): Error {
    return new ConfigCenterError(`Conformance of source '${this.sourceValue?.name ?? '?'}': ${message}`);
  }

  /** Closes the store, and with it the source. */
  async close(): Promise<void> {
    if (this.closed || !this.storeValue) return;
    this.closed = true;
    await this.storeValue.close();
  }

  /** Closes what is still open, ends every tracked subscription and disposes of the harness. */
  async end(): Promise<void> {
    try {
      await this.close();
    } finally {
      for (const subscription of this.subscriptions) subscription.unsubscribe();
      await this.harness.dispose();
    }
  }
}
