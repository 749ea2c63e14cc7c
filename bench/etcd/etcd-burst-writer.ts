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
  /** The revision of the last put (the highest acknowledged). */
  readonly lastRevision: number;
  /** The revision the burst had to end on: the revision before it plus `puts`. */
  readonly expectedRevision: number;
  /** From the last put's acknowledgement (in the writer) until the app applied its revision; negative if the app was first. */
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

/**
 * Writes `puts` puts as fast as one etcd3 client can (all issued at once, in this process), over
 * the `keys` keys of `s0` in turn, while the worker's app polls its applied revision. The
 * lag is taken between two `process.hrtime.bigint()` readings — the writer's at the last put's
 * acknowledgement and the worker's when it applied that revision — which share CLOCK_MONOTONIC.
 * The writer lives in another process than the app, so the app's work does not delay the acks.
 */
export async function runBurst(writer: Etcd3, worker: EtcdBenchWorker, keys: number, puts: number): Promise<BurstFigures> {
  const base = ++bursts * 1_000_000;
  const prefix = burstPrefix(keys);
  const { header } = await writer.get(`${prefix}s0/k0`).exec();
  const expectedRevision = Number(header.revision) + puts;
  worker.send({ kind: 'burst', target: expectedRevision });
  await worker.next('armed');
  let last = { revision: 0, at: 0n };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: puts }, (_, i) =>
      writer
        .put(`${prefix}s0/k${i % keys}`)
        .value(String(base + i))
        .exec()
        .then((response) => {
          const at = process.hrtime.bigint();
          const revision = Number(response.header.revision);
          if (revision > last.revision) last = { revision, at };
        }),
    ),
  );
  const writeMs = performance.now() - start;
  const seen = await worker.next('applied');
  const lagMs = Number(BigInt(seen.appliedAtNs) - last.at) / 1e6;
  const heapGrowthPct = (seen.heapAfter / seen.heapBefore - 1) * 100;
  return { ...seen, keys, puts, writeMs, lastRevision: last.revision, expectedRevision, lagMs, heapGrowthPct };
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
