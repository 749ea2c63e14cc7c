import type { Etcd3 } from 'etcd3';
import { burstPrefix, type BurstObservation } from './etcd-burst';
import type { EtcdBenchWorker } from './etcd-worker-client';

/** One burst: what the writer saw, what the app process saw, and what follows from both. */
export interface BurstFigures extends BurstObservation {
  /** Keys of the validated section the puts overwrite in turn. */
  readonly keys: number;
  readonly puts: number;
  /** From the first put issued until the last acknowledgement. */
  readonly writeMs: number;
  /** From the last put issued (in the writer) until a bare etcd3 watcher in another process saw its revision. */
  readonly sentToSeenMs: number;
  /** From the last put issued until the app applied its revision. */
  readonly sentToAppliedMs: number;
  /** The revision of the last put (the highest acknowledged). */
  readonly lastRevision: number;
  /** The revision the burst had to end on: the revision before it plus `puts`. */
  readonly expectedRevision: number;
  /**
   * From the bare watcher seeing the last put's revision until the app applied it: what the library
   * adds to a client's view of etcd's commit (negative when the app was first).
   */
  readonly lagMs: number;
  /** `heapAfter` over `heapBefore`, minus one, in percent. */
  readonly heapGrowthPct: number;
}

let bursts = 0;

/** Writes `s0/k0…` = 0 under the burst prefix of a section of `keys` keys, before its app boots. */
export async function seedBurstKeys(writer: Etcd3, keys: number): Promise<void> {
  await Promise.all(
    Array.from({ length: keys }, (_, k) =>
      writer
        .put(`${burstPrefix(keys)}s0/k${k}`)
        .value('0')
        .exec(),
    ),
  );
}

/** The two processes a burst is watched from: the app, and a bare etcd3 watcher of the same prefix. */
export interface BurstWatchers {
  readonly app: EtcdBenchWorker;
  readonly raw: EtcdBenchWorker;
}

/**
 * Writes `puts` puts as fast as one etcd3 client can (all issued at once, in this process), over
 * the `keys` keys of `s0` in turn, while the worker's app polls its applied revision and a bare
 * etcd3 watcher in a third process waits for the same revision. Every time is a
 * `process.hrtime.bigint()` reading (CLOCK_MONOTONIC, shared by the processes): the lag is from
 * the bare watcher seeing the last put's revision to the app applying it, so an app that applies
 * slowly fails the bar; the writer's acknowledgement is not used, as it waits behind its own backlog.
 */
export async function runBurst(writer: Etcd3, watchers: BurstWatchers, keys: number, puts: number): Promise<BurstFigures> {
  const base = ++bursts * 1_000_000;
  const prefix = burstPrefix(keys);
  const { header } = await writer.get(`${prefix}s0/k0`).exec();
  const expectedRevision = Number(header.revision) + puts;
  for (const worker of [watchers.app, watchers.raw]) worker.send({ kind: 'burst', target: expectedRevision });
  await Promise.all([watchers.app.next('armed'), watchers.raw.next('armed')]);
  let lastRevision = 0;
  const start = performance.now();
  const issued = Array.from({ length: puts }, (_, i) =>
    writer
      .put(`${prefix}s0/k${i % keys}`)
      .value(String(base + i))
      .exec()
      .then((response) => (lastRevision = Math.max(lastRevision, Number(response.header.revision)))),
  );
  const sentAt = process.hrtime.bigint();
  await Promise.all(issued);
  const writeMs = performance.now() - start;
  const [seen, raw] = await Promise.all([watchers.app.next('applied'), watchers.raw.next('seen')]);
  const sinceSent = (atNs: string) => Number(BigInt(atNs) - sentAt) / 1e6;
  const lagMs = Number(BigInt(seen.appliedAtNs) - BigInt(raw.seenAtNs)) / 1e6;
  const heapGrowthPct = (seen.heapAfter / seen.heapBefore - 1) * 100;
  const sentToSeenMs = sinceSent(raw.seenAtNs);
  const sentToAppliedMs = sinceSent(seen.appliedAtNs);
  return { ...seen, keys, puts, writeMs, sentToSeenMs, sentToAppliedMs, lastRevision, expectedRevision, lagMs, heapGrowthPct };
}

/** Why a burst cannot be trusted, if it cannot: the app must have applied exactly the last put's revision. */
export function burstInvalid(burst: BurstFigures): string | undefined {
  if (burst.lastRevision !== burst.expectedRevision) {
    return `the last put's revision is ${burst.lastRevision}, not ${burst.expectedRevision}: something else wrote to etcd`;
  }
  if (burst.sourceRevision !== burst.lastRevision || burst.statusRevision !== burst.lastRevision) {
    return `applied revision ${burst.sourceRevision} (status ${burst.statusRevision}) ≠ last put's ${burst.lastRevision}`;
  }
  return undefined;
}
