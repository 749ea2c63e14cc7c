import type { Subscription } from 'rxjs';
import type { ConfigSource, ConfigSourceEvent } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';

/** Records what a source's watch emits, for a test to wait on. */
export class NacosWatchRecorder {
  readonly events: ConfigSourceEvent[] = [];
  private readonly subscription: Subscription;

  constructor(source: ConfigSource) {
    this.subscription = source.watch!().subscribe({ next: (event) => this.events.push(event) });
  }

  /** The batches (`replace`) emitted so far. */
  get batches(): Extract<ConfigSourceEvent, { kind: 'replace' }>[] {
    return this.events.filter((event): event is Extract<ConfigSourceEvent, { kind: 'replace' }> => event.kind === 'replace');
  }

  /** Waits for a batch whose tree satisfies `matches`; returns it. */
  batchWhere(matches: (tree: Record<string, unknown>) => boolean, what: string, timeoutMs = 5000) {
    return waitFor(() => this.batches.find((batch) => matches(batch.tree as Record<string, unknown>)), what, timeoutMs);
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
