import type { Subscription } from 'rxjs';
import type { ConfigBatch, ConfigSource, ConfigSourceEvent } from '@config-center/core';
import { ConsulConfigSource, type ConsulConfigSourceOptions } from '@config-center/consul';
import { waitFor } from '@config-center/testing/harness';
import type { ConsulBackend } from './consul-backend';

/** A source over `backend`'s prefix, with a 5 s wait unless `options` say otherwise. */
export function consulSourceFor(backend: ConsulBackend, options: Partial<ConsulConfigSourceOptions> = {}): ConsulConfigSource {
  return new ConsulConfigSource({
    url: backend.url,
    prefix: backend.prefix,
    token: backend.token,
    tls: backend.tls,
    wait: '5s',
    ...options,
  });
}

/** Subscribes to a source's `watch()` and keeps everything it emits, for assertions. */
export class WatchRecorder {
  readonly events: ConfigSourceEvent[] = [];
  error: unknown;
  completed = false;
  private readonly subscription: Subscription;

  constructor(source: ConfigSource) {
    if (!source.watch) throw new Error(`source '${source.name}' does not watch`);
    this.subscription = source.watch().subscribe({
      next: (event) => this.events.push(event),
      error: (error: unknown) => (this.error = error),
      complete: () => (this.completed = true),
    });
  }

  /** The batches emitted so far. */
  get batches(): ConfigBatch[] {
    return this.events.filter((event): event is ConfigBatch => event.kind === 'replace' || event.kind === 'edits');
  }

  /** The connection states reported so far, in order. */
  get states(): string[] {
    return this.events.flatMap((event) => (event.kind === 'state' ? [event.state] : []));
  }

  /** Waits until `count` batches have been emitted, and returns the last. */
  async nextBatch(count: number, timeoutMs = 5000): Promise<ConfigBatch> {
    await waitFor(() => this.batches.length >= count, `batch #${count}`, timeoutMs);
    return this.batches[count - 1];
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
