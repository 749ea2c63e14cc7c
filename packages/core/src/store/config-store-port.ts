import type { Observable } from 'rxjs';
import type { Section } from '../interfaces/config-center-options.interface';
import type { ConfigChangeEvent } from '../interfaces/config-events.interface';
import type { ConfigStatus } from '../interfaces/config-status.interface';
import type { ConfigSnapshot } from './config-snapshot';

/**
 * What a tool that runs sources through the store needs of it, and no more: start it as the
 * module does (load, then watch), read the snapshot it serves and where each section sits in it,
 * follow its swaps and status, and close it. The conformance kit drives a source through this
 * port; registration, required paths, swap scopes and error reporting stay the module's.
 */
export interface ConfigStorePort {
  /** The snapshot being served. */
  readonly current: ConfigSnapshot;
  /** Every applied swap's snapshot. */
  readonly snapshots$: Observable<ConfigSnapshot>;
  readonly changes$: Observable<ConfigChangeEvent>;
  /** The status now, then each change (each applied, unchanged or rejected batch publishes one). */
  readonly status$: Observable<ConfigStatus>;
  status(): ConfigStatus;
  /** Where the instance of a section the store was given sits in a snapshot's `sections`; a clear error for any other class. */
  bindingOf(type: Section): { readonly index: number };
  /** Loads every source, as the module's startup does. */
  load(): Promise<void>;
  /** Starts every watch and retry, as the module does once the application is up. */
  startWatching(): void;
  /** Stops every watch, timer and source. */
  close(): Promise<void>;
}
