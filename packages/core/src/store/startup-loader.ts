import type { CacheWriter } from '../cache/cache-writer';
import type { ConfigCenterModuleOptions, InputLimits } from '../interfaces/config-center-options.interface';
import type { BatchApplier } from './batch-applier';
import { rejectionOf } from './error-events';
import type { ConfigSnapshot } from './config-snapshot';
import type { SectionRegistry } from './section-registry';
import type { SourceSupervisor } from './source-supervisor';
import { firstSnapshot, loadSources } from './startup';
import type { StatusBoard } from './status-board';

/** What startup works with. */
export interface StartupParts {
  readonly options: Pick<ConfigCenterModuleOptions, 'startupTimeoutMs' | 'failFast'>;
  readonly limits: Required<InputLimits>;
  readonly supervisor: SourceSupervisor;
  readonly sections: SectionRegistry;
  readonly cache: CacheWriter | undefined;
  readonly board: StatusBoard;
  readonly applier: BatchApplier;
  /** The snapshot being served, read to write it to the cache. */
  readonly served: { readonly current: ConfigSnapshot };
}

/**
 * Startup: reads the last-good cache, loads every source (one that cannot load serves its cached
 * slice), binds every section on the first snapshot — a section invalid at startup serves its
 * cached value, quarantined — and hands that snapshot to the applier to serve. A startup that
 * fails closes every source before it throws.
 */
export class StartupLoader {
  constructor(private readonly parts: StartupParts) {}

  async load(): Promise<void> {
    const { supervisor, sections, cache, board, applier, limits } = this.parts;
    const { startupTimeoutMs = 5000, failFast = true } = this.parts.options;
    const cached = await cache?.read();
    const { connections } = supervisor;
    try {
      const report = (source: string, error: Error) => board.report(source, error);
      const loaded = await loadSources(connections, { timeoutMs: startupTimeoutMs, failFast, limits, cached, report });
      const first = firstSnapshot(loaded, sections.all(), cached, failFast);
      applier.begin(first);
      for (const { source, issues } of first.quarantined) {
        const error = rejectionOf(source, issues);
        const connection = connections.find((c) => c.name === source);
        connection?.record({ received: false, rejections: [error], applied: false, clean: false });
        board.report(source, error, undefined, connection?.status().receivedRevision);
      }
    } catch (error) {
      await supervisor.close();
      throw error;
    }
    board.started();
    cache?.save(this.parts.served.current, connections);
  }
}
