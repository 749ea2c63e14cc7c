import type { Observable } from 'rxjs';
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
import { missingRequired, nextSnapshot, type SourcePath } from './next-snapshot';
import { prepareBatch } from './prepare-batch';
import { Quarantine } from './quarantine';
import type { SectionBinding } from './section-binder';
import { SectionRegistry } from './section-registry';
import { SnapshotHolder, type SwapScope } from './snapshot-holder';
import type { SourceConnection, SourceHost } from './source-connection';
import { SourceSupervisor } from './source-supervisor';
import { firstSnapshot, loadSources, ownerOf } from './startup';
import { StatusBoard } from './status-board';

/**
 * Applies each source's batches to the snapshot being served: all or nothing per batch, one swap
 * per batch, the last good kept on rejection and the sections a rejected batch made invalid held
 * in quarantine while other batches apply. It wires the roles together — the snapshot holder (the
 * one writer of the current snapshot), the section registry, the source supervisor and the cache
 * writer — and owns the status and the error stream.
 */
export class ConfigStore implements SourceHost {
  private readonly holder = new SnapshotHolder();
  private readonly sections: SectionRegistry;
  private readonly supervisor: SourceSupervisor;
  private readonly cache: CacheWriter | undefined;
  private readonly quarantine = new Quarantine();
  private readonly hasher: ContentHasher;
  private readonly limits: Required<InputLimits>;
  private readonly board: StatusBoard;
  private readonly reporting: InstanceReporting;
  private readonly queue: [SourceConnection, ConfigBatch, number][] = [];
  /** Paths where a source's raw slice differs from the applied one, left by rejected batches. */
  private pending: readonly SourcePath[] = [];
  private rejectedBatches = 0;
  private applying = false;

  /** Every applied swap's snapshot. */
  readonly snapshots$: Observable<ConfigSnapshot> = this.holder.snapshots$;
  readonly changes$: Observable<ConfigChangeEvent> = this.holder.changes$;
  readonly errors$: Observable<ConfigErrorEvent>;
  readonly status$: Observable<ConfigStatus>;

  constructor(private readonly options: ConfigCenterModuleOptions) {
    const sources = typeof options.sources === 'function' ? options.sources() : options.sources;
    this.supervisor = new SourceSupervisor(sources, this, options.retry);
    this.sections = new SectionRegistry(options.unknownKeys ?? 'warn');
    for (const type of options.sections ?? []) this.sections.register(type);
    this.limits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
    this.hasher = new ContentHasher(options.hashKey);
    this.cache = options.cache && new CacheWriter(options.cache.path, this.limits, (source, error) => this.report(source, error));
    const { holder: served, quarantine, sections, hasher } = this;
    this.board = new StatusBoard({ served, sources: this.supervisor, quarantine, sections, hasher });
    this.errors$ = this.board.errors$;
    this.status$ = this.board.status$;
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
    this.board.started();
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

  /** Where the module stands (see `ConfigStatus`). */
  status(): ConfigStatus {
    return this.board.status();
  }

  /** Takes the instance reports down, stops every watch, timer and source, and waits for the last cache write. */
  async close(): Promise<void> {
    await this.reporting.close();
    await this.supervisor.close();
    await this.cache?.flush();
    this.holder.complete();
    this.board.close();
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
    this.board.report(source, error, kind, revision);
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
    this.board.warnUnknownKeys(previous);
    this.publishStatus();
    if (this.current !== previous) this.cache?.save(this.current, this.supervisor.connections);
  }

  private reject(connection: SourceConnection, error: ConfigCenterError, revision: string | undefined): void {
    connection.rejected(error);
    this.report(connection.name, error, undefined, revision);
    this.publishStatus();
  }

  private publishStatus(): void {
    this.board.changed();
  }
}

/**
 * `pending` with the paths of rejected batch `batch`. A path pending already is taken over by it, and
 * so is the rest of the batch that left that path: the two now apply together, or not at all.
 */
function withPending(pending: readonly SourcePath[], added: readonly SourcePath[], batch: number): SourcePath[] {
  const same = (a: SourcePath, p: SourcePath) => a.source === p.source && formatPath(a.path) === formatPath(p.path);
  const taken = new Set(pending.filter((p) => added.some((a) => same(a, p))).map((p) => p.batch));
  const kept = pending.filter((p) => !added.some((a) => same(a, p))).map((p) => (taken.has(p.batch) ? { ...p, batch } : p));
  return [...kept, ...added.map((a) => ({ ...a, batch }))];
}
