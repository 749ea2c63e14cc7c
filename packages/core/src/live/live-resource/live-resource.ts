import type { OnApplicationShutdown } from '@nestjs/common';
import { distinctUntilChanged, map, skip, startWith, type Subscription } from 'rxjs';
import { ConfigCenterError } from '../../errors';
import type { SectionType } from '../../interfaces/config-center-options.interface';
import type { ConfigSnapshot } from '../../store/config-snapshot';
import type { ConfigStore } from '../../store/config-store';
import { ResourceGeneration, type LiveResourceStats, type ResourceLease } from './resource-generation';

/** How to build, and dispose of, a resource made from config. */
export interface LiveResourceOptions<T, C> {
  /** Names the resource in errors and logs. */
  readonly name: string;
  /** The section class (or dotted path) the resource is made from. */
  readonly config: SectionType<C & object> | string;
  /** Builds a resource, ready to use, from one version of the config; may be async; throws when it cannot. */
  readonly build: (config: C) => T | Promise<T>;
  /** Closes a resource no call uses any more. */
  readonly dispose: (resource: T) => void | Promise<void>;
  /** How long a retired resource may keep serving calls before it is disposed anyway; default 30000. */
  readonly drainTimeoutMs?: number;
}

/**
 * A resource built from config — a connection pool, an HTTP client — rebuilt when that config
 * changes: the new one is built first, new calls get it, calls in flight finish on the old one,
 * and the old one is disposed once they have (or after `drainTimeoutMs`). If the build fails, the
 * old one stays and the failure is reported on `errors$` (kind `handler`). Builds run one at a time;
 * changes that arrive during a build collapse into one rebuild from the latest config.
 */
export class LiveResource<T, C = unknown> implements OnApplicationShutdown {
  private active: ResourceGeneration<T>;
  private readonly retired = new Set<ResourceGeneration<T>>();
  private readonly subscription: Subscription;
  private pending: { config: C } | undefined;
  private building: Promise<void> | undefined;
  private rebuilds = 0;
  private failedBuilds = 0;
  private closed = false;

  private constructor(
    private readonly store: ConfigStore,
    private readonly options: LiveResourceOptions<T, C>,
    select: (snapshot: ConfigSnapshot) => C,
    first: T,
    builtFrom: C,
  ) {
    this.active = new ResourceGeneration(first, 1);
    this.subscription = store.snapshots$
      .pipe(map(select), startWith(builtFrom), distinctUntilChanged(), skip(1))
      .subscribe((config) => this.request(config));
  }

  /** Builds the first resource from the config being served (a failure fails the caller) and follows changes. */
  static async start<T, C>(store: ConfigStore, options: LiveResourceOptions<T, C>): Promise<LiveResource<T, C>> {
    const select = selectorOf<C>(store, options.config);
    const config = select(store.current);
    let first: T;
    try {
      first = await options.build(config);
    } catch (error) {
      throw new ConfigCenterError(`Resource '${options.name}' could not be built: ${(error as Error)?.message}`, { cause: error });
    }
    return new LiveResource(store, options, select, first, config);
  }

  /** The resource new calls get. Prefer `use()`, which keeps it from being disposed during the call. */
  get current(): T {
    return this.active.resource;
  }

  /** Runs `work` with the current resource, holding it until `work` settles. */
  async use<R>(work: (resource: T) => R | Promise<R>): Promise<R> {
    const lease = this.acquire();
    try {
      return await work(lease.resource);
    } finally {
      lease.release();
    }
  }

  /** Takes a hold on the current resource, for calls that do not fit `use()`; release it when done. */
  acquire(): ResourceLease<T> {
    if (this.closed) throw new ConfigCenterError(`Resource '${this.options.name}' is closed`);
    const generation = this.active;
    generation.inFlight++;
    let released = false;
    return {
      resource: generation.resource,
      generation: generation.number,
      release: () => {
        if (released) return;
        released = true;
        generation.inFlight--;
        if (generation.retired && generation.inFlight === 0) void this.dispose(generation);
      },
    };
  }

  stats(): LiveResourceStats {
    const { number, inFlight } = this.active;
    const draining = [...this.retired].filter((generation) => !generation.disposing).length;
    return { generation: number, inFlight, draining, rebuilds: this.rebuilds, failedBuilds: this.failedBuilds };
  }

  /** Stops following changes, waits for a build under way, then disposes every resource once its calls are done. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscription.unsubscribe();
    await this.building;
    this.retire(this.active);
    await Promise.all([...this.retired].map((generation) => generation.disposed));
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private request(config: C): void {
    this.pending = { config };
    this.building ??= this.rebuild().finally(() => (this.building = undefined));
  }

  private async rebuild(): Promise<void> {
    for (let next = this.pending; next && !this.closed; next = this.pending) {
      this.pending = undefined;
      let built: T;
      try {
        built = await this.options.build(next.config);
      } catch (error) {
        this.failedBuilds++;
        this.report(`could not be rebuilt; the previous one stays in use: ${(error as Error)?.message}`, error);
        continue;
      }
      if (this.closed) {
        await this.disposeResource(built);
        return;
      }
      const previous = this.active;
      this.active = new ResourceGeneration(built, previous.number + 1);
      this.rebuilds++;
      this.retire(previous);
    }
  }

  private retire(generation: ResourceGeneration<T>): void {
    generation.retired = true;
    this.retired.add(generation);
    if (generation.inFlight === 0) {
      void this.dispose(generation);
      return;
    }
    generation.drainTimer = setTimeout(() => void this.dispose(generation), this.options.drainTimeoutMs ?? 30_000);
  }

  private async dispose(generation: ResourceGeneration<T>): Promise<void> {
    if (generation.disposing) return;
    generation.disposing = true;
    clearTimeout(generation.drainTimer);
    await this.disposeResource(generation.resource);
    this.retired.delete(generation);
    generation.markDisposed();
  }

  private async disposeResource(resource: T): Promise<void> {
    try {
      await this.options.dispose(resource);
    } catch (error) {
      this.report(`could not be disposed: ${(error as Error)?.message}`, error);
    }
  }

  private report(what: string, cause: unknown): void {
    const error = new ConfigCenterError(`Resource '${this.options.name}' ${what}`, { cause });
    this.store.report(`resource:${this.options.name}`, error, 'handler');
  }
}

function selectorOf<C>(store: ConfigStore, target: SectionType | string): (snapshot: ConfigSnapshot) => C {
  if (typeof target === 'string') return store.readerFor(target) as (snapshot: ConfigSnapshot) => C;
  const { index } = store.bindingOf(target);
  return (snapshot) => snapshot.sections[index] as C;
}
