import { Logger } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { ConfigErrorEvent, ConfigErrorKind } from '../interfaces/config-events.interface';
import type { ConfigSourceStatus, ConfigStatus } from '../interfaces/config-status.interface';
import type { ConfigSnapshot } from './config-snapshot';
import type { SecretKeyring } from '../secrets/secret-keyring';
import type { ContentHasher } from './content-hash';
import { toErrorEvent } from './error-events';
import { uncoveredKeysWarning } from './key-coverage';
import type { Quarantine } from './quarantine';
import type { SectionRegistry } from './section-registry';
import { statusLine } from './status-line';

/** What the status is read from; the board only reads it. */
export interface StatusSources {
  /** The snapshot being served. */
  readonly served: { readonly current: ConfigSnapshot };
  /** Each source's standing, in precedence order. */
  readonly sources: { statuses(): ConfigSourceStatus[] };
  readonly quarantine: Quarantine;
  readonly sections: SectionRegistry;
  readonly hasher: ContentHasher;
  /** The keys that open `enc:` values: the status lists their ids. */
  readonly keyring: SecretKeyring;
}

/**
 * Where the module stands, for those who ask and those who follow: `status()`, `status$` (built
 * only while someone follows it), the `errors$` stream with its log lines, and the warnings about
 * keys no field declares. It reads the snapshot, the sources and the quarantine; it writes none.
 */
export class StatusBoard {
  private readonly logger = new Logger('ConfigCenter');
  private readonly errorsSubject = new Subject<ConfigErrorEvent>();
  private readonly statusChanges = new Subject<ConfigStatus>();
  private closed = false;
  /** The last warning about top-level keys nothing reads: logged again only when it changes. */
  private uncoveredWarned: string | undefined;

  readonly errors$: Observable<ConfigErrorEvent> = this.errorsSubject.asObservable();
  /** The status now, then each change. With no subscriber, an apply neither builds it nor hashes the tree. */
  readonly status$: Observable<ConfigStatus> = new Observable<ConfigStatus>((subscriber) => {
    // Joined first, so that a change the first status sets off (in the subscriber) reaches it too.
    const changes = this.statusChanges.subscribe(subscriber);
    if (!this.closed) subscriber.next(this.status());
    return changes;
  });

  constructor(private readonly from: StatusSources) {}

  status(): ConfigStatus {
    const { version, appliedAt, tree, unknownKeys } = this.from.served.current;
    const uncoveredKeys = this.from.sections.coverage.uncovered(tree);
    const sources = this.from.sources.statuses();
    const { quarantine } = this.from;
    const healthy = sources.every((s) => s.state === 'connected') && quarantine.size === 0;
    const started = version > 0;
    return {
      state: !started ? 'starting' : healthy ? 'ready' : 'degraded',
      version,
      hash: started ? this.from.hasher.hash(tree) : undefined,
      appliedAt: started ? appliedAt : undefined,
      sources,
      quarantined: quarantine.list(),
      unknownKeys: [...unknownKeys.flat(), ...uncoveredKeys.map((k) => k.key)],
      uncoveredKeys,
      keyIds: [...this.from.keyring.kids()],
    };
  }

  /** Tells the followers of `status$` the status now. */
  changed(): void {
    if (this.statusChanges.observed) this.statusChanges.next(this.status());
  }

  /** Puts an error on `errors$` and the log. */
  report(source: string, error: Error, kind?: ConfigErrorKind, revision?: string): void {
    const event = toErrorEvent(source, error, kind, revision);
    this.logger.error(event.message);
    this.errorsSubject.next(event);
  }

  /** Reports an error of a source, and the status it leaves. */
  sourceError(source: string, error: Error): void {
    this.report(source, error);
    this.changed();
  }

  /** Startup is over: the status line (a warning when degraded) and the keys no field declares. */
  started(): void {
    this.changed();
    const status = this.status();
    if (status.state === 'ready') this.logger.log(statusLine(status));
    else this.logger.warn(statusLine(status));
    this.warnUnknownKeys(undefined);
  }

  /** Logs, once per change of them, the keys of each section that no field declares, then the top-level keys nothing reads. */
  warnUnknownKeys(previous: ConfigSnapshot | undefined): void {
    const { unknownKeys } = this.from.served.current;
    for (const binding of this.from.sections.all()) {
      const paths = unknownKeys[binding.index] ?? [];
      const before = previous?.unknownKeys[binding.index] ?? [];
      if (!paths.length || (paths.length === before.length && paths.every((p, i) => p === before[i]))) continue;
      this.logger.warn(
        `Config section '${binding.pathText}': no field of ${binding.name} declares ${paths.join(', ')}; ` +
          'the value is not used (a typo? set unknownKeys to reject or ignore to change this)',
      );
    }
    this.warnUncoveredKeys();
  }

  /** Startup's readers are all known (the watches start): the top-level keys none covers are listed and logged. */
  readersKnown(): void {
    this.from.sections.coverage.seal();
    this.warnUncoveredKeys();
    this.changed();
  }

  private warnUncoveredKeys(): void {
    const warning = uncoveredKeysWarning(this.from.sections.coverage.uncovered(this.from.served.current.tree));
    if (warning !== undefined && warning !== this.uncoveredWarned) this.logger.warn(warning);
    this.uncoveredWarned = warning;
  }

  /** Ends `errors$` and `status$`. */
  close(): void {
    this.errorsSubject.complete();
    this.closed = true;
    this.statusChanges.complete();
  }
}
