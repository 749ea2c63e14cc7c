import { Logger } from '@nestjs/common';
import { ConfigCenterError } from '../errors';
import type { RetryOptions } from '../interfaces/config-center-options.interface';
import type { ConfigSource } from '../interfaces/config-source.interface';
import type { ConfigSourceStatus } from '../interfaces/config-status.interface';
import { SourceConnection, type SourceHost } from './source-connection';

/** The connections of a store's sources, in precedence order: started together, closed together. */
export class SourceSupervisor {
  readonly connections: readonly SourceConnection[];
  private readonly logger = new Logger('ConfigCenter');
  private started = false;

  constructor(sources: readonly ConfigSource[], host: SourceHost, retry: RetryOptions = {}) {
    const names = sources.map((s) => s.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) throw new ConfigCenterError(`Two config sources are named '${duplicate}'; names must be unique`);
    this.connections = sources.map((source, i) => new SourceConnection(source, i, host, retry));
  }

  statuses(): ConfigSourceStatus[] {
    return this.connections.map((c) => c.status());
  }

  /** Starts every watch and retry, once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const connection of this.connections) connection.start();
  }

  /** Closes every source; one that fails to close is logged, and the others still close. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.connections.map((c) => c.close()));
    for (const result of results) {
      if (result.status === 'rejected') this.logger.warn(`A config source failed to close: ${(result.reason as Error)?.message}`);
    }
  }
}
