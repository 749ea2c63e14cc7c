import { Logger } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { CacheWriter } from '../cache/cache-writer';
import { sectionNameOf } from '../decorators/define-section';
import { ConfigCenterError, ConfigParseError, ConfigSourceError, ConfigValidationError } from '../errors';
import type { ConfigCenterModuleOptions, InputLimits, Section } from '../interfaces/config-center-options.interface';
import type { ConfigChangeEvent, ConfigErrorEvent, ConfigErrorKind } from '../interfaces/config-events.interface';
import type { ConfigBatch } from '../interfaces/config-source.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { DEFAULT_INPUT_LIMITS } from '../parsing/input-limits';
import { InstanceReporting } from '../reporting/instance-reporting';
import { formatPath, parsePath } from '../tree/config-path';
import type { ConfigSnapshot, SnapshotReader } from './config-snapshot';
import { ContentHasher } from './content-hash';
import { toErrorEvent } from './error-events';
import { missingRequired, nextSnapshot, type SourcePath } from './next-snapshot';
import { prepareBatch } from './prepare-batch';
import { Quarantine } from './quarantine';
import type { SectionBinding } from './section-binder';
import { SectionRegistry } from './section-registry';
import { SnapshotHolder, type SwapScope } from './snapshot-holder';
import type { SourceConnection, SourceHost } from './source-connection';
import { SourceSupervisor } from './source-supervisor';
import { firstSnapshot, loadSources, ownerOf } from './startup';
import { statusLine } from './status-line';

/**
 * Applies each source's batches to the snapshot being served: all or nothing per batch, one swap
 * per batch, the last good kept on rejection and the sections a rejected batch made invalid held
 * in quarantine while other batches apply. It wires the roles together — the snapshot holder (the
 * one writer of the current snapshot), the section registry, the source supervisor and the cache
 * writer — and owns the status and the error stream.
 */
export class ConfigStore implements SourceHost {
  private readonly logger = new Logger('ConfigCenter');
  private readonly holder = new SnapshotHolder();
  private readonly sections: SectionRegistry;
  private readonly supervisor: SourceSupervisor;
  private readonly cache: CacheWriter | undefined;
  private readonly quarantine = new Quarantine();
  private readonly hasher: ContentHasher;
  private readonly limits: Required<InputLimits>;
  private readonly errorsSubject = new Subject<ConfigErrorEvent>();
  private readonly statusChanges = new Subject<ConfigStatus>();
  private readonly reporting: InstanceReporting;
  private readonly queue: [SourceConnection, ConfigBatch, number][] = [];
  /** Paths where a source's raw slice differs from the applied one, left by rejected batches. */
  private pending: readonly SourcePath[] = [];
  private rejectedBatches = 0;
  private applying = false;
  private closed = false;

  /** Every applied swap's snapshot. */
  readonly snapshots$: Observable<ConfigSnapshot> = this.holder.snapshots$;
  readonly changes$: Observable<ConfigChangeEvent> = this.holder.changes$;
  readonly errors$: Observable<ConfigErrorEvent> = this.errorsSubject.asObservable();
  readonly status$: Observable<ConfigStatus>;

  constructor(private readonly options: ConfigCenterModuleOptions) {
    const sources = typeof options.sources === 'function' ? options.sources() : options.sources;
    this.supervisor = new SourceSupervisor(sources, this, options.retry);
    this.sections = new SectionRegistry(options.unknownKeys ?? 'warn');
    for (const type of options.sections ?? []) this.sections.register(type);
    this.limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
    this.hasher = new ContentHasher(options.hashKey);
    this.cache = options.cache && new CacheWriter(options.cache.path, this.limits, (source, error) => this.report(source, error));
    // The status now, then each change. It is built only while someone follows it: with no
    // subscriber, an apply neither builds it nor hashes the tree.
    this.status$ = new Observable<ConfigStatus>((subscriber) => {
      // Joined first, so that a change the first status sets off (in the subscriber) reaches it too.
      const changes = this.statusChanges.subscribe(subscriber);
      if (!this.closed) subscriber.next(this.status());
      return changes;
    });
    this.reporting = new InstanceReporting(sources, this.status$, this.errors$);
  }

  /** The snapshot being served. */
  get current(): ConfigSnapshot {
    return this.holder.current;
  }

  /** Loads every source (a source that cannot load falls back to its cached slice), then binds every section. */
  async load(): Promise<void> {
    const cached = await this.cache?.read();
    const { startupTimeoutMs = 5000, failFast = true } = this.options;
    const { connections } = this.supervisor;
    try {
      const report = (source: string, error: Error) => this.report(source, error);
      await loadSources(connections, { timeoutMs: startupTimeoutMs, failFast, limits: this.limits, cached, report });
      const first = firstSnapshot(connections, this.sections.all(), cached, failFast);
      this.holder.replace(first.snapshot);
      this.pending = first.pending;
      for (const { binding, source, issues } of first.quarantined) {
        const error = new ConfigValidationError(source, issues);
        this.quarantine.hold(binding.index, binding.pathText, source, issues);
        const connection = connections.find((c) => c.name === source);
        connection?.rejected(error);
        this.report(source, error, undefined, connection?.status().receivedRevision);
      }
    } catch (error) {
      await this.supervisor.close();
      throw error;
    }
    this.publishStatus();
    const status = this.status();
    if (status.state === 'ready') this.logger.log(statusLine(status));
    else this.logger.warn(statusLine(status));
    this.warnUnknownKeys(undefined);
    this.cache?.save(this.current, connections);
  }

  /** The binding of a registered section class; a clear error for any other class. */
  bindingOf(type: Section): SectionBinding {
    const binding = this.sections.get(type);
    if (binding) return binding;
    throw new ConfigCenterError(
      `${sectionNameOf(type)} is not a config section of this module: list it in the sections of ` +
        'ConfigCenterModule.forRoot() or forFeature()',
    );
  }

  /** Marks a path as required: startup fails, and later updates are rejected, while it is empty. */
  requirePath(path: string, owner: string): void {
    const segments = parsePath(path);
    const required = { path: segments, owner, read: this.sections.reader(segments) };
    const issues = missingRequired(this.current, [required]);
    if (issues.length) throw new ConfigValidationError(ownerOf(segments, this.supervisor.connections), issues);
    this.sections.require(required);
  }

  /** Reads a dotted path from a snapshot, through the section that covers it (see `SectionRegistry`). */
  readerFor(path: string): SnapshotReader {
    return this.sections.readerFor(path);
  }

  /** Runs each later swap's notifications (handlers, observers, `changes$`) inside `scope`; returns its remover. */
  aroundSwaps(scope: SwapScope): () => void {
    return this.holder.around(scope);
  }

  /** Starts every watch and retry, and the sources' instance reporters; called once the application has bootstrapped. */
  startWatching(): void {
    this.supervisor.start();
    this.reporting.start();
  }

  status(): ConfigStatus {
    const { version, appliedAt, tree } = this.current;
    const sources = this.supervisor.statuses();
    const healthy = sources.every((s) => s.state === 'connected') && this.quarantine.size === 0;
    const state = version === 0 ? 'starting' : healthy ? 'ready' : 'degraded';
    const quarantined = this.quarantine.list();
    const unknownKeys = this.current.unknownKeys.flat();
    const started = version > 0;
    return {
      state,
      version,
      hash: started ? this.hasher.hash(tree) : undefined,
      appliedAt: started ? appliedAt : undefined,
      sources,
      quarantined,
      unknownKeys,
    };
  }

  /** Takes the instance reports down, stops every watch, timer and source, and waits for the last cache write. */
  async close(): Promise<void> {
    await this.reporting.close();
    await this.supervisor.close();
    await this.cache?.flush();
    this.holder.complete();
    this.errorsSubject.complete();
    this.closed = true;
    this.statusChanges.complete();
  }

  applyBatch(connection: SourceConnection, batch: ConfigBatch): void {
    this.queue.push([connection, batch, performance.now()]);
    if (this.applying) return;
    this.applying = true;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const [connection, batch] = next;
      try {
        this.apply(...next);
      } catch (error) {
        // A defect, not the input (a rule that throws is an issue of its section): reported, and the queue goes on.
        const name = error instanceof Error ? error.name : typeof error;
        this.reject(
          connection,
          new ConfigSourceError(connection.name, `update not applied: ${name}`, true, { cause: error }),
          batch.revision,
        );
      }
    }
    this.applying = false;
  }

  reportSourceError(connection: SourceConnection, error: ConfigCenterError): void {
    if (error instanceof ConfigParseError) connection.rejected(error);
    this.report(connection.name, error);
    this.publishStatus();
  }

  stateChanged(): void {
    this.publishStatus();
  }

  /** Puts an error on `errors$` and the log. */
  report(source: string, error: Error, kind?: ConfigErrorKind, revision?: string): void {
    const event = toErrorEvent(source, error, kind, revision);
    this.logger.error(event.message);
    this.errorsSubject.next(event);
  }

  private apply(connection: SourceConnection, batch: ConfigBatch, receivedAt: number): void {
    const prepared = prepareBatch(connection, batch, this.limits);
    if (prepared instanceof ConfigParseError) return this.reject(connection, prepared, batch.revision);
    for (const problem of prepared.leftOut) this.reject(connection, problem, batch.revision);
    connection.received(prepared.raw, batch.revision);
    const previous = this.current;
    const changed = prepared.paths.map((path) => ({ source: connection.index, path }));
    const next = nextSnapshot({
      previous: this.current,
      raws: this.supervisor.connections.map((c) => c.raw),
      changed,
      pending: this.pending,
      quarantined: this.quarantine.indexes(),
      bindings: this.sections.all(),
      required: this.sections.required(),
    });
    if (next.kind === 'rejected') {
      this.pending = withPending(this.pending, changed, ++this.rejectedBatches);
      for (const [index, issues] of next.failing) this.quarantine.hold(index, this.sections.at(index).pathText, connection.name, issues);
      return this.reject(connection, new ConfigValidationError(connection.name, next.issues), batch.revision);
    }
    this.pending = this.pending.filter((p) => !next.consumed.includes(p));
    this.quarantine.release(next.touched);
    connection.applied();
    const holdsBack = this.quarantine.blames(connection.name) || this.pending.some((p) => p.source === connection.index);
    if (!prepared.leftOut.length && !holdsBack) connection.recovered();
    if (next.kind === 'applied') {
      const changedSections = next.touched.filter((index) => next.snapshot.sections[index] !== previous.sections[index]);
      this.holder.publish(next.snapshot, {
        source: connection.name,
        changedPaths: next.changedPaths,
        changedSections: changedSections.map((index) => this.sections.at(index).name),
        receivedAt,
      });
    } else this.holder.replace(next.snapshot);
    this.warnUnknownKeys(previous);
    this.publishStatus();
    if (this.current !== previous) this.cache?.save(this.current, this.supervisor.connections);
  }

  /** Logs, once per change of them, the keys of each section that no field declares. */
  private warnUnknownKeys(previous: ConfigSnapshot | undefined): void {
    const { unknownKeys } = this.current;
    for (const binding of this.sections.all()) {
      const paths = unknownKeys[binding.index] ?? [];
      const before = previous?.unknownKeys[binding.index] ?? [];
      if (!paths.length || (paths.length === before.length && paths.every((p, i) => p === before[i]))) continue;
      this.logger.warn(
        `Config section '${binding.pathText}': no field of ${binding.name} declares ${paths.join(', ')}; ` +
          'the value is not used (a typo? set unknownKeys to reject or ignore to change this)',
      );
    }
  }

  private reject(connection: SourceConnection, error: ConfigCenterError, revision: string | undefined): void {
    connection.rejected(error);
    this.report(connection.name, error, undefined, revision);
    this.publishStatus();
  }

  private publishStatus(): void {
    if (this.statusChanges.observed) this.statusChanges.next(this.status());
  }
}

/**
 * `pending` with the paths of rejected batch `batch`. A path pending already is taken over by it and
 * keeps the batches that left it there: when it applies, what each of them carried applies with it.
 */
function withPending(pending: readonly SourcePath[], added: readonly SourcePath[], batch: number): SourcePath[] {
  const same = (a: SourcePath, p: SourcePath) => a.source === p.source && formatPath(a.path) === formatPath(p.path);
  const kept = pending.filter((p) => !added.some((a) => same(a, p)));
  const taken = (a: SourcePath) => pending.filter((p) => same(a, p)).flatMap((p) => p.batches ?? []);
  return [...kept, ...added.map((a) => ({ ...a, batches: [batch, ...taken(a)] }))];
}
