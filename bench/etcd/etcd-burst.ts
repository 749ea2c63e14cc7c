import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { Etcd3, type Watcher } from 'etcd3';
import { generateSections } from '../apply-cost/generated-sections';
import { nextMacrotask } from '../lib/stats';

/** The prefix of a burst into a section of `keys` keys: the section `s0` (`s0/k0`, `s0/k1`, …) lives under it. */
export function burstPrefix(keys: number): string {
  return `/bench/burst-${keys}/`;
}
const TIMEOUT_MS = 30_000;
/** How long the heap may take to come back after the last swap, re-measured every `SETTLE_STEP_MS`. */
const SETTLE_MS = 3000;
const SETTLE_STEP_MS = 250;

/** What the app process saw of one burst. */
export interface BurstObservation {
  /** `process.hrtime.bigint()` when the applied revision first reached the target, as a string. */
  readonly appliedAtNs: string;
  /** `EtcdConfigSource.revision` then, and `status().sources[0].revision`. */
  readonly sourceRevision: number;
  readonly statusRevision: number;
  /** Versions applied during the burst. */
  readonly swaps: number;
  /** `heapUsed` after forced GC before the burst, and once it settled after it (bytes). */
  readonly heapBefore: number;
  readonly heapAfter: number;
  /** From the target revision being applied until `heapAfter` was taken. */
  readonly settleMs: number;
}

/** The app of a burst worker: one section `s0` of `keys` integer keys, validated on every swap, fed by `EtcdConfigSource`. */
export class BurstApp {
  private constructor(
    private readonly app: INestApplicationContext,
    private readonly source: EtcdConfigSource,
  ) {}

  static async boot(endpoint: string, keys: number): Promise<BurstApp> {
    const source = new EtcdConfigSource({ hosts: endpoint, prefix: burstPrefix(keys), reconcileIntervalMs: 0 });
    class BurstModule {}
    Module({ imports: [ConfigCenterModule.forRoot({ sources: [source], sections: generateSections(1, keys) })] })(BurstModule);
    return new BurstApp(await NestFactory.createApplicationContext(BurstModule, { logger: false }), source);
  }

  /** `heapUsed` after forced full collections. */
  heapUsed(): number {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run the burst worker with --expose-gc');
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  }

  /**
   * Polls on every macrotask until the applied revision reaches `target` (the last put's), notes
   * the time, then forces GC until `heapUsed` is back within 10% of `heapBefore` or `SETTLE_MS` pass.
   */
  async observe(target: number, heapBefore: number): Promise<BurstObservation> {
    const service = this.app.get(ConfigCenterService);
    const versionBefore = service.status().version;
    const start = performance.now();
    while (this.source.revision < target) {
      if (performance.now() - start > TIMEOUT_MS) {
        throw new Error(`revision ${this.source.revision} after ${TIMEOUT_MS} ms, expected ${target}`);
      }
      await nextMacrotask();
    }
    const appliedAtNs = process.hrtime.bigint();
    const appliedAt = performance.now();
    const sourceRevision = this.source.revision;
    const status = service.status();
    const swaps = status.version - versionBefore;
    let heapAfter = this.heapUsed();
    while (heapAfter > heapBefore * 1.1 && performance.now() - appliedAt < SETTLE_MS) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_STEP_MS));
      heapAfter = this.heapUsed();
    }
    return {
      appliedAtNs: String(appliedAtNs),
      sourceRevision,
      statusRevision: Number(status.sources[0].revision),
      swaps,
      heapBefore,
      heapAfter,
      settleMs: performance.now() - appliedAt,
    };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/**
 * The burst's baseline: a bare etcd3 watcher of the burst's prefix in a process of its own, noting
 * when each revision reaches it. The app's lag is timed from it — from etcd's commit as a client
 * sees it, on the clock both processes share — not from the writer's acknowledgement, which waits
 * behind the writer's own backlog of acks and may come after the app applied.
 */
export class RawBurstWatcher {
  private revision = 0;
  private waiting: { readonly target: number; readonly resolve: (atNs: bigint) => void } | undefined;

  private constructor(
    private readonly client: Etcd3,
    private readonly watcher: Watcher,
  ) {
    watcher.on('data', (response) => {
      const at = process.hrtime.bigint();
      for (const { kv } of response.events) this.revision = Math.max(this.revision, Number(kv.mod_revision));
      if (this.waiting && this.revision >= this.waiting.target) this.waiting.resolve(at);
    });
  }

  static async start(endpoint: string, keys: number): Promise<RawBurstWatcher> {
    const client = new Etcd3({ hosts: endpoint });
    return new RawBurstWatcher(client, await client.watch().prefix(burstPrefix(keys)).create());
  }

  /** `process.hrtime.bigint()` when revision `target` (or a later one) reaches the watcher. */
  seen(target: number): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`raw watcher at revision ${this.revision} after ${TIMEOUT_MS} ms, expected ${target}`)),
        TIMEOUT_MS,
      );
      this.waiting = { target, resolve: (atNs) => (clearTimeout(timer), resolve(atNs)) };
    });
  }

  async close(): Promise<void> {
    await this.watcher.cancel();
    this.client.close();
  }
}
