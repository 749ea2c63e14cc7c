import { Inject, Injectable } from '@nestjs/common';
import { defer, distinctUntilChanged, map, startWith, type Observable } from 'rxjs';
import { CONFIG_STORE } from './config-center.constants';
import { ConfigKeyNotFoundError } from './errors';
import type { Section } from './interfaces/config-center-options.interface';
import type { ConfigChangeEvent, ConfigErrorEvent } from './interfaces/config-events.interface';
import type { ConfigStatus } from './interfaces/config-status.interface';
import type { ConfigStore } from './store/config-store';
import type { SwapScope } from './store/snapshot-holder';

/**
 * Reads the current config and follows its changes. Every `get` reads one snapshot: the values it
 * returns are from a single applied version, never a mix.
 */
@Injectable()
export class ConfigCenterService {
  /** `{ version, changedPaths, previous, current }` after each applied swap. */
  readonly changes$: Observable<ConfigChangeEvent>;
  /** Every rejected update and failing source; the app keeps serving the previous snapshot. */
  readonly errors$: Observable<ConfigErrorEvent>;
  /** The status now, then on every change of it. */
  readonly status$: Observable<ConfigStatus>;

  constructor(@Inject(CONFIG_STORE) private readonly store: ConfigStore) {
    this.changes$ = store.changes$;
    this.errors$ = store.errors$;
    this.status$ = store.status$;
  }

  /** The current deep-frozen value of a section (a class or a `defineSection` one); a `ConfigCenterError` for one that is not of this module. */
  get<T extends object>(section: Section<T>): T;
  /**
   * The value at a dotted path — through its section's validated instance when a section covers
   * it — or `defaultValue` when it holds none; without a default, a `ConfigKeyNotFoundError`. A
   * path read before the watches start (in a constructor or `onModuleInit`) counts as one the app
   * reads: its top-level key is not reported in `status().uncoveredKeys`.
   */
  get<T = unknown>(path: string, defaultValue?: T): T;
  get(target: Section | string, ...rest: unknown[]): unknown {
    if (typeof target !== 'string') return this.store.current.sections[this.store.bindingOf(target).index];
    const value = this.store.readerFor(target)(this.store.current);
    if (value !== undefined) return value;
    if (rest.length) return rest[0];
    throw new ConfigKeyNotFoundError(target);
  }

  /** Replays the current section instance or value, then emits each distinct applied change. */
  observe<T extends object>(section: Section<T>): Observable<T>;
  observe<T = unknown>(path: string): Observable<T | undefined>;
  observe(target: Section | string): Observable<unknown> {
    const select = this.selector(target);
    return defer(() => this.store.snapshots$.pipe(startWith(this.store.current), map(select), distinctUntilChanged()));
  }

  status(): ConfigStatus {
    return this.store.status();
  }

  /**
   * Reports a failure of application code that follows config — a change handler, a rebuilt
   * resource — on `errors$` (kind `handler`, under `source`) and the log. The config is unaffected.
   */
  reportHandlerError(source: string, error: unknown): void {
    this.store.report(source, error instanceof Error ? error : new Error(String(error)), 'handler');
  }

  /**
   * @internal Runs the notifications of each later swap — change handlers, observers, `changes$` —
   * inside `scope` (the OpenTelemetry span of `@config-center/core/opentelemetry`); returns its remover.
   */
  aroundSwaps(scope: SwapScope): () => void {
    return this.store.aroundSwaps(scope);
  }

  /** @internal A function from a snapshot to the section instance or value `target` names. */
  selector(target: Section | string): (snapshot: ConfigStore['current']) => unknown {
    if (typeof target === 'string') return this.store.readerFor(target);
    const { index } = this.store.bindingOf(target);
    return (snapshot) => snapshot.sections[index];
  }
}
