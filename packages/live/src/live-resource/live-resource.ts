import type { OnApplicationShutdown } from '@nestjs/common';
import { distinctUntilChanged, skip, startWith, type Observable, type Subscription } from 'rxjs';
import { ConfigCenterError, type ConfigCenterService, type Section } from '@config-center/core';
import { ResourceGeneration, type LiveResourceStats, type ResourceLease } from './resource-generation';

/** How to build, and dispose of, a resource made from config. */
export interface LiveResourceOptions<T, C> {
  /** Names the resource in errors and logs. */
  readonly name: string;
  /** The section class (or dotted path) the resource is made from. */
  readonly config: Section<C & object> | string;
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
 * old one stays and the failure is logged (context `ConfigCenter`). Builds run one at a time;
 * changes that arrive during a build collapse into one rebuild from the latest config. It reads
 * its config through `ConfigCenterService` only: `get` for the first build, `observe` after.
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
    private readonly options: LiveResourceOptions<T, C>,
    private readonly config: ConfigCenterService,
    /** The config now, then each distinct change (`ConfigCenterService.observe`). */
    config$: Observable<C>,
    first: T,
    builtFrom: C,
  ) {
    this.active = new ResourceGeneration(first, 1);
    // A change that landed while the first build ran differs from `builtFrom`: it is rebuilt at once.
    this.subscription = config$.pipe(startWith(builtFrom), distinctUntilChanged(), skip(1)).subscribe({
      next: (next) => this.request(next),
      error: (error: unknown) => config.reportHandlerError(`resource:${options.name}`, error),
    });
  }

  /**
   * Builds the first resource from the config `config` serves now (a failure fails the caller), and
   * follows its changes. Call it from your own factory when the build needs other providers.
   *
   * @example
   * ```ts
   * { provide: UPSTREAM, inject: [ConfigCenterService, Metrics], useFactory: (config: ConfigCenterService, metrics: Metrics) =>
   *     LiveResource.start(config, { name: 'upstream', config: UpstreamConfig, build: (c) => open(c, metrics), dispose: (p) => p.close() }) }
   * ```
   */
  static async start<T, C>(config: ConfigCenterService, options: LiveResourceOptions<T, C>): Promise<LiveResource<T, C>> {
    const current = currentConfig<C>(config, options.config);
    let first: T;
    try {
      first = await options.build(current);
    } catch (error) {
      throw new ConfigCenterError(`Resource '${options.name}' could not be built: ${(error as Error)?.message}`, { cause: error });
    }
    return new LiveResource(options, config, configChanges<C>(config, options.config), first, current);
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

  /** Which generation serves, the calls in flight on it, and the old generations still draining. */
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

  /** Reports a failed rebuild or disposal on `errors$` and the log; the resource goes on serving. */
  private report(what: string, cause: unknown): void {
    const error = new ConfigCenterError(`Resource '${this.options.name}' ${what}`, { cause });
    this.config.reportHandlerError(`resource:${this.options.name}`, error);
  }
}

/** The section instance or path value `target` names, in the config being served. */
function currentConfig<C>(config: ConfigCenterService, target: Section<C & object> | string): C {
  return typeof target === 'string' ? config.get<C>(target, undefined) : config.get(target);
}

/** The section instance or path value `target` names now, then each distinct change of it. */
function configChanges<C>(config: ConfigCenterService, target: Section<C & object> | string): Observable<C> {
  return (typeof target === 'string' ? config.observe<C>(target) : config.observe(target)) as Observable<C>;
}
