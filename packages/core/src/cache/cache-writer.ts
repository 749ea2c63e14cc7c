import type { InputLimits } from '../interfaces/config-center-options.interface';
import type { ConfigTree } from '../interfaces/config-source.interface';
import type { ConfigSnapshot } from '../store/config-snapshot';
import type { SourceConnection } from '../store/source-connection';
import { LastGoodCache, type CacheContents } from './last-good-cache';

/**
 * Reads the last-good cache at startup and writes each applied snapshot to it: the applied slice
 * of every source that has one. A cache that cannot be read or written is reported, never fatal.
 */
export class CacheWriter {
  private readonly cache: LastGoodCache;
  private readonly where: string;

  constructor(
    path: string,
    limits: Required<InputLimits>,
    private readonly report: (source: string, error: Error) => void,
  ) {
    this.cache = new LastGoodCache(path, limits);
    this.where = `cache:${path}`;
  }

  async read(): Promise<CacheContents | undefined> {
    try {
      return await this.cache.read();
    } catch (error) {
      this.report(this.where, error as Error);
      return undefined;
    }
  }

  /** Schedules a write of `snapshot`; failures are reported. */
  save(snapshot: ConfigSnapshot, connections: readonly SourceConnection[]): void {
    const sources: Record<string, { tree: ConfigTree; revision?: string }> = {};
    connections.forEach((c, i) => {
      // A source that never delivered anything has no slice to keep; one that failed later has.
      if (c.delivered) sources[c.name] = { tree: snapshot.slices[i], revision: c.status().revision };
    });
    const contents = { version: snapshot.version, savedAt: new Date().toISOString(), sources };
    this.cache.write(contents).catch((error: Error) => this.report(this.where, error));
  }

  /** Waits for the writes under way. */
  async flush(): Promise<void> {
    await this.cache.flush().catch(() => undefined);
  }
}
