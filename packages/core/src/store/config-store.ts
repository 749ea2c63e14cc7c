import type { Observable } from 'rxjs';
import { ConfigValidationError } from '../errors';
import type { ConfigCenterModuleOptions, Section } from '../interfaces/config-center-options.interface';
import type { ConfigChangeEvent, ConfigErrorEvent, ConfigErrorKind } from '../interfaces/config-events.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import { parsePath } from '../tree/config-path';
import type { ConfigSnapshot, SnapshotReader } from './config-snapshot';
import type { ConfigStorePort } from './config-store-port';
import { missingRequired } from './next-snapshot';
import type { SectionBinding } from './section-binder';
import type { SwapScope } from './snapshot-holder';
import { unregisteredSectionError } from './section-registry';
import { ownerOf } from './startup';
import { storeParts, type StoreParts } from './store-parts';

/**
 * The snapshot store a `ConfigCenterModule` runs, one face over parts with one job each (see
 * `storeParts`): the snapshot holder (the one mutable reference), the batch applier (the apply
 * queue, all or nothing per batch, pending paths and quarantine; the holder's one writer), the
 * startup loader, the status board (status, `errors$`, warnings), the section registry, the
 * source supervisor and the instance reporters.
 */
export class ConfigStore implements ConfigStorePort {
  private readonly parts: StoreParts;

  /** Every applied swap's snapshot. */
  readonly snapshots$: Observable<ConfigSnapshot>;
  readonly changes$: Observable<ConfigChangeEvent>;
  readonly errors$: Observable<ConfigErrorEvent>;
  readonly status$: Observable<ConfigStatus>;

  constructor(options: ConfigCenterModuleOptions) {
    this.parts = storeParts(options);
    const { holder, board } = this.parts;
    this.snapshots$ = holder.snapshots$;
    this.changes$ = holder.changes$;
    this.errors$ = board.errors$;
    this.status$ = board.status$;
  }

  /** The snapshot being served. */
  get current(): ConfigSnapshot {
    return this.parts.holder.current;
  }

  /** Loads every source (a source that cannot load falls back to its cached slice), then binds every section. */
  load(): Promise<void> {
    return this.parts.loader.load();
  }

  /** The binding of a registered section class; a clear error for any other class. */
  bindingOf(type: Section): SectionBinding {
    const binding = this.parts.sections.get(type);
    if (binding) return binding;
    throw unregisteredSectionError(type);
  }

  /** Marks a path as required: startup fails, and later updates are rejected, while it is empty. */
  requirePath(path: string, owner: string): void {
    const { sections, applier } = this.parts;
    const segments = parsePath(path);
    const required = { path: segments, owner, read: sections.reader(segments) };
    const issues = missingRequired(this.current, [required]);
    if (issues.length) throw new ConfigValidationError(ownerOf(segments, applier.rawSlices()), issues);
    sections.require(required);
  }

  /** Reads a dotted path from a snapshot, through the section that covers it (see `SectionRegistry`). */
  readerFor(path: string): SnapshotReader {
    return this.parts.sections.readerFor(path);
  }

  /** Runs each later swap's notifications (handlers, observers, `changes$`) inside `scope`; returns its remover. */
  aroundSwaps(scope: SwapScope): () => void {
    return this.parts.holder.around(scope);
  }

  /**
   * Starts every watch and retry, and the sources' instance reporters; called once the application
   * has bootstrapped. The paths read until then are the ones that cover top-level keys (see `KeyCoverage`).
   */
  startWatching(): void {
    this.parts.board.readersKnown();
    this.parts.supervisor.start();
    this.parts.secrets.start();
    this.parts.reporting.start();
  }

  /** Where the module stands (see `ConfigStatus`). */
  status(): ConfigStatus {
    return this.parts.board.status();
  }

  /** Puts an error on `errors$` and the log. */
  report(source: string, error: Error, kind?: ConfigErrorKind, revision?: string): void {
    this.parts.board.report(source, error, kind, revision);
  }

  /** Takes the instance reports down, stops every watch, timer and source, and waits for the last cache write. */
  async close(): Promise<void> {
    const { reporting, supervisor, cache, holder, board, secrets } = this.parts;
    await reporting.close();
    secrets.close();
    await supervisor.close();
    await cache?.flush();
    holder.complete();
    board.close();
  }
}
