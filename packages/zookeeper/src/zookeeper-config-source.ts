import { EMPTY, Observable, type Subscriber } from 'rxjs';
import { ConfigSourceClosedError, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';
import { KeyMapper, WholeReadBatches, backoffDelay, heldBackError, type LeftOutKey } from '@config-center/core/source-kit';
import type { ZooKeeperConfigSourceOptions } from './zookeeper-config-source-options.interface';
import { resolveZooKeeperOptions, type ResolvedZooKeeperOptions } from './zookeeper-options';
import { ZooKeeperSubtreeFollower, type ConsistentRead } from './zookeeper-subtree-follower';

/**
 * Serves the znode subtree under `root` as a config source and follows it with ZooKeeper's watches.
 * Child names are path segments and a node's data is the text of its key, mapped by the core's one
 * key mapper (DESIGN.md section 4; `*.yaml`/`*.json` nodes hold documents; a node with no data is a
 * folder). Every change re-reads the subtree until a pass sees no watch fire (see
 * `ZooKeeperSubtreeFollower`): each batch is a state ZooKeeper held, so the writes of one `multi()`
 * are applied as one swap. The revision is the newest `mzxid`/`pzxid` of the subtree. A lost
 * connection, a restarted server and an expired session all end in such a re-read.
 *
 * @example
 * ```ts
 * ConfigCenterModule.forRoot({
 *   sources: [new ZooKeeperConfigSource({ connect: '127.0.0.1:2181', root: '/configs/orders/production', sessionTimeoutMs: 10000 })],
 *   sections: [RateLimitConfig],
 * });
 * ```
 */
export class ZooKeeperConfigSource implements ConfigSource {
  readonly name: string;
  private readonly options: ResolvedZooKeeperOptions;
  private readonly follower: ZooKeeperSubtreeFollower;
  private readonly batches: WholeReadBatches;
  private readonly subscribers = new Set<Subscriber<ConfigSourceEvent>>();
  private readonly lifetime = new AbortController();
  /** The change count the last load or batch was read at; -1 until the first load. */
  private readAt = -1;
  private appliedZxid: bigint | undefined;
  private down = false;
  private following: Promise<void> | undefined;

  constructor(options: ZooKeeperConfigSourceOptions) {
    this.options = resolveZooKeeperOptions(options);
    this.name = this.options.name;
    const mapper = new KeyMapper({ limits: this.options.limits });
    this.batches = new WholeReadBatches((key, raw) => mapper.locate(key, raw));
    this.follower = new ZooKeeperSubtreeFollower(this.options, () => this.reportDown());
  }

  /** Reads the whole subtree (a pass no change interrupted) and arms the watches the follow-up relies on. */
  async load(): Promise<LoadedConfig> {
    if (this.lifetime.signal.aborted) throw new ConfigSourceClosedError(this.name);
    const read = await this.follower.read();
    const { tree, problems } = this.batches.load(read.keys);
    this.readAt = read.changeCount;
    this.appliedZxid = read.zxid;
    return { tree, revision: String(read.zxid), problems: this.named(problems) };
  }

  /**
   * Follows the subtree from the last load: a `replace` batch for each consistent re-read that
   * changed something, one `error` event instead of a batch that changed a node to one that cannot
   * be read (held back whole, as every source does), and `state` events as the server is lost and
   * found again. Never errors; completes on `close()`.
   */
  watch(): Observable<ConfigSourceEvent> {
    if (this.lifetime.signal.aborted) return EMPTY;
    return new Observable<ConfigSourceEvent>((subscriber) => {
      this.subscribers.add(subscriber);
      // One follow loop per source, whatever the number of watchers: batches are relative to the
      // last one delivered, so every watcher gets every batch.
      this.following ??= this.follow().finally(() => (this.following = undefined));
      return () => this.subscribers.delete(subscriber);
    });
  }

  /** Closes the session (the server drops its watches) and completes every watch. */
  async close(): Promise<void> {
    this.lifetime.abort();
    this.follower.close();
    for (const subscriber of [...this.subscribers]) subscriber.complete();
    this.subscribers.clear();
  }

  private async follow(): Promise<void> {
    let failures = 0;
    const stopped = () => this.lifetime.signal.aborted || this.subscribers.size === 0;
    while (!stopped()) {
      await this.follower.changedSince(this.readAt);
      if (stopped()) return;
      try {
        const read = await this.follower.read();
        failures = 0;
        this.deliver(read);
      } catch (error) {
        if (stopped()) return;
        this.reportDown(error instanceof Error ? error : undefined);
        await pause(backoffDelay(failures++, this.options.retry), this.lifetime.signal);
        this.readAt = -1;
      }
    }
  }

  private deliver(read: ConsistentRead): void {
    this.readAt = read.changeCount;
    if (this.down) {
      this.down = false;
      this.emit({ kind: 'state', state: 'connected' });
    }
    const batch = this.batches.next(read.keys);
    if (batch.held) {
      const error = heldBackError(this.name, this.named(batch.problems), `zxid ${read.zxid} not applied`);
      this.emit({ kind: 'error', error });
    } else if (read.zxid !== this.appliedZxid) {
      this.appliedZxid = read.zxid;
      this.emit({ kind: 'replace', tree: batch.tree, revision: String(read.zxid) });
    }
  }

  private reportDown(error?: Error): void {
    if (this.down || this.lifetime.signal.aborted) return;
    this.down = true;
    this.emit({ kind: 'state', state: 'reconnecting', error });
  }

  private emit(event: ConfigSourceEvent): void {
    for (const subscriber of [...this.subscribers]) subscriber.next(event);
  }

  /** Problems named by the node's full path. */
  private named(problems: readonly LeftOutKey[]): LeftOutKey[] {
    const base = this.options.root === '/' ? '' : this.options.root;
    return problems.map(({ key, problem }) => ({ key: `${base}/${key}`, problem }));
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
