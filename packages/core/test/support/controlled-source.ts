import { Subject, type Observable } from 'rxjs';
import type { ConfigSource, ConfigSourceEvent, ConfigTree, LoadedConfig } from '@config-center/core';

/**
 * A source whose backend the test controls: it can be down (load rejects), hang (load never
 * settles until released), or up with a tree. It stands in for a remote backend, not for the core.
 */
export class ControlledSource implements ConfigSource {
  mode: 'up' | 'down' | 'hang' = 'up';
  loads = 0;
  closed = false;
  private readonly events = new Subject<ConfigSourceEvent>();
  private readonly hanging: (() => void)[] = [];

  constructor(
    readonly name: string,
    public tree: ConfigTree = {},
  ) {}

  async load(): Promise<LoadedConfig> {
    this.loads++;
    if (this.mode === 'hang') await new Promise<void>((resolve) => this.hanging.push(resolve));
    if (this.mode === 'down') throw new Error(`connect ECONNREFUSED 127.0.0.1:1 (${this.name})`);
    return { tree: this.tree, revision: String(this.loads) };
  }

  watch(): Observable<ConfigSourceEvent> {
    return this.events;
  }

  emit(event: ConfigSourceEvent): void {
    this.events.next(event);
  }

  /** Lets hanging loads finish (with whatever mode is current). */
  release(): void {
    for (const resolve of this.hanging.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.release();
    this.events.complete();
  }
}
