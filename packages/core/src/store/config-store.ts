import { Logger } from '@nestjs/common';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { LastGoodCache, type CacheContents } from '../cache/last-good-cache';
import { ConfigCenterError, ConfigParseError, ConfigValidationError } from '../errors';
import type { ConfigCenterModuleOptions, InputLimits, SectionType } from '../interfaces/config-center-options.interface';
import type { ConfigChangeEvent, ConfigErrorEvent } from '../interfaces/config-events.interface';
import type { ConfigBatch, ConfigTree } from '../interfaces/config-source.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { parsePath } from '../tree/config-path';
import { mergeSlices } from '../tree/merge-trees';
import { getAt } from '../tree/tree-ops';
import type { ConfigSnapshot, SnapshotReader } from './config-snapshot';
import { loadSources, serveCached } from './initial-load';
import { prepareBatch } from './prepare-batch';
import { missingRequired, nextSnapshot } from './next-snapshot';
import { bindSection, type SectionBinding } from './section-binder';
import { SectionRegistry } from './section-registry';
import { SourceConnection, type SourceHost } from './source-connection';
import { toErrorEvent } from './error-events';

/**
 * Holds the current snapshot — the one mutable reference of the library — and applies each
 * source's batches to it: all or nothing, one swap per batch, the last good kept on rejection.
 */
export class ConfigStore implements SourceHost {
  /** The snapshot being served. Replaced whole, never mutated. */
  current: ConfigSnapshot = { version: 0, appliedAt: new Date(0), tree: {}, slices: [], sections: [] };

  private readonly logger = new Logger('ConfigCenter');
  private readonly connections: SourceConnection[];
  private readonly sections = new SectionRegistry();
  private readonly cache: LastGoodCache | undefined;
  private readonly limits: Required<InputLimits>;
  private readonly snapshotsSubject = new Subject<ConfigSnapshot>();
  private readonly changesSubject = new Subject<ConfigChangeEvent>();
  private readonly errorsSubject = new Subject<ConfigErrorEvent>();
  private readonly statusSubject: BehaviorSubject<ConfigStatus>;
  private readonly queue: [SourceConnection, ConfigBatch][] = [];
  private applying = false;
  private watching = false;

  /** Every applied swap's snapshot. */
  readonly snapshots$: Observable<ConfigSnapshot> = this.snapshotsSubject.asObservable();
  readonly changes$: Observable<ConfigChangeEvent> = this.changesSubject.asObservable();
  readonly errors$: Observable<ConfigErrorEvent> = this.errorsSubject.asObservable();
  readonly status$: Observable<ConfigStatus>;

  constructor(private readonly options: ConfigCenterModuleOptions) {
    const names = options.sources.map((s) => s.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) throw new ConfigCenterError(`Two config sources are named '${duplicate}'; names must be unique`);
    this.connections = options.sources.map((source, i) => new SourceConnection(source, i, this, options.retry ?? {}));
    this.cache = options.cache ? new LastGoodCache(options.cache.path) : undefined;
    this.limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
    this.statusSubject = new BehaviorSubject(this.status());
    this.status$ = this.statusSubject.asObservable();
  }

  /** Loads every source (falling back to the cache), then binds the configured sections. */
  async load(): Promise<void> {
    const cached = await this.readCache();
    const { startupTimeoutMs = 5000, failFast = true, sections = [] } = this.options;
    const report = (source: string, error: Error) => this.report(source, error);
    try {
      await loadSources(this.connections, { timeoutMs: startupTimeoutMs, failFast, limits: this.limits, cached, report });
      this.current = this.initialSnapshot();
      try {
        sections.forEach((type) => this.registerSection(type));
      } catch (error) {
        // Live config that is invalid at startup: serve the last good one while the sources retry.
        const usable = this.connections.filter((c) => error instanceof ConfigValidationError && serveCached(c, cached, error));
        if (!usable.length) throw error;
        this.report(usable.map((c) => c.name).join(', '), error as Error);
        this.sections.clear();
        this.current = this.initialSnapshot();
        sections.forEach((type) => this.registerSection(type));
      }
    } catch (error) {
      await this.closeSources();
      throw error;
    }
    this.publishStatus();
    void this.writeCache();
  }

  /** Binds a section class to its path and validates it against the current tree. */
  registerSection(type: SectionType): SectionBinding {
    const existing = this.sections.get(type);
    if (existing) return existing;
    const binding = this.sections.create(type);
    const result = bindSection(binding, getAt(this.current.tree, binding.path));
    if (!result.ok) throw new ConfigValidationError(this.ownerOf(binding.path), result.issues);
    this.sections.add(binding);
    const sections = [...this.current.sections];
    sections[binding.index] = result.instance;
    this.current = { ...this.current, sections };
    return binding;
  }

  /** The binding of a section class, registering it on first use. */
  bindingOf(type: SectionType): SectionBinding {
    return this.sections.get(type) ?? this.registerSection(type);
  }

  /** Marks a path as required: startup fails, and later updates are rejected, while it is empty. */
  requirePath(path: string, owner: string): void {
    const segments = parsePath(path);
    const required = { path: segments, owner, read: this.sections.reader(segments) };
    const issues = missingRequired(this.current, [required]);
    if (issues.length) throw new ConfigValidationError(this.ownerOf(segments), issues);
    this.sections.required.push(required);
  }

  /** Reads a dotted path from a snapshot, through the section that covers it (see `SectionRegistry`). */
  readerFor(path: string): SnapshotReader {
    return this.sections.readerFor(path);
  }

  /** Starts every watch and retry; called once the application has bootstrapped. */
  startWatching(): void {
    if (this.watching) return;
    this.watching = true;
    for (const connection of this.connections) connection.start();
  }

  status(): ConfigStatus {
    const sources = this.connections.map((c) => c.status());
    const state = this.current.version === 0 ? 'starting' : sources.every((s) => s.state === 'connected') ? 'ready' : 'degraded';
    const appliedAt = this.current.version === 0 ? undefined : this.current.appliedAt;
    return { state, version: this.current.version, appliedAt, sources };
  }

  /** Stops every watch, timer and source, and waits for the last cache write. */
  async close(): Promise<void> {
    await this.closeSources();
    await this.cache?.flush().catch(() => undefined);
    for (const subject of [this.snapshotsSubject, this.changesSubject, this.errorsSubject, this.statusSubject]) {
      subject.complete();
    }
  }

  applyBatch(connection: SourceConnection, batch: ConfigBatch): void {
    this.queue.push([connection, batch]);
    if (this.applying) return;
    this.applying = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) this.apply(...next);
    } finally {
      this.applying = false;
    }
  }

  reportSourceError(connection: SourceConnection, error: ConfigCenterError): void {
    if (error instanceof ConfigParseError) {
      connection.rejectedUpdates++;
      connection.recordError(error);
    }
    this.report(connection.name, error);
    this.publishStatus();
  }

  stateChanged(): void {
    this.publishStatus();
  }

  private apply(connection: SourceConnection, batch: ConfigBatch): void {
    const prepared = prepareBatch(connection, batch, this.limits);
    if (prepared instanceof ConfigParseError) return this.reject(connection, prepared);
    for (const problem of prepared.leftOut) this.reject(connection, problem);
    connection.raw = prepared.raw;
    if (batch.revision !== undefined) connection.revision = batch.revision;
    const update = { sourceIndex: connection.index, slice: prepared.raw, paths: prepared.paths };
    const next = nextSnapshot(this.current, update, this.sections.all(), this.sections.required);
    if (next.kind === 'rejected') {
      connection.pendingPaths = prepared.paths;
      return this.reject(connection, new ConfigValidationError(connection.name, next.issues));
    }
    connection.pendingPaths = [];
    const previous = this.current;
    this.current = next.snapshot;
    if (next.kind === 'applied') {
      this.snapshotsSubject.next(next.snapshot);
      const { version, tree } = next.snapshot;
      this.changesSubject.next({
        version,
        source: connection.name,
        changedPaths: next.changedPaths,
        previous: previous.tree,
        current: tree,
      });
    }
    this.publishStatus();
    void this.writeCache();
  }

  private reject(connection: SourceConnection, error: ConfigCenterError): void {
    connection.rejectedUpdates++;
    connection.recordError(error);
    this.report(connection.name, error);
    this.publishStatus();
  }

  /** Puts an error on `errors$` and the log. */
  report(source: string, error: Error, kind?: ConfigErrorEvent['kind']): void {
    const event = toErrorEvent(source, error, kind);
    this.logger.error(event.message);
    this.errorsSubject.next(event);
  }

  private initialSnapshot(): ConfigSnapshot {
    const slices = this.connections.map((c) => c.raw);
    return { version: 1, appliedAt: new Date(), tree: mergeSlices(slices), slices, sections: [] };
  }

  /** The last source that holds a value at or above `path`: the one to blame for it. */
  private ownerOf(path: readonly string[]): string {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      for (let depth = path.length; depth > 0; depth--) {
        if (getAt(this.current.slices[i], path.slice(0, depth)) !== undefined) return this.connections[i].name;
      }
    }
    return this.connections.map((c) => c.name).join(', ') || 'defaults';
  }

  private async readCache(): Promise<CacheContents | undefined> {
    try {
      return await this.cache?.read();
    } catch (error) {
      this.report(`cache:${this.cache?.path}`, error as Error);
      return undefined;
    }
  }

  private async writeCache(): Promise<void> {
    if (!this.cache) return;
    const sources: Record<string, { tree: ConfigTree; revision?: string }> = {};
    this.connections.forEach((c, i) => {
      if (c.state !== 'failed') sources[c.name] = { tree: this.current.slices[i], revision: c.revision };
    });
    const contents = { version: this.current.version, savedAt: new Date().toISOString(), sources };
    await this.cache.write(contents).catch((error: Error) => this.report(`cache:${this.cache?.path}`, error));
  }

  private publishStatus(): void {
    if (!this.statusSubject.closed) this.statusSubject.next(this.status());
  }

  private async closeSources(): Promise<void> {
    const results = await Promise.allSettled(this.connections.map((c) => c.close()));
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn(`A config source failed to close: ${(result.reason as Error)?.message}`);
    }
  }
}
