import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { SectionKind } from '../apply-cost/apply-cost.worker-client';
import { exchange, expectReply } from '../lib/worker-exchange';

/** What the parent asks a read worker to do. */
export type ReadRequest = { readonly kind: 'round'; readonly index: number } | { readonly kind: 'close' };

/** What a read worker answers: once calibrated, after each round, and once closed. */
export type ReadReply =
  | { readonly kind: 'ready'; readonly names: string[]; readonly reads: string[]; readonly counts: number[] }
  | { readonly kind: 'round'; readonly nsPerOp: number[] }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** Every variant of one kind's worker and its ns/op of each round. */
export interface KindSamples {
  readonly names: string[];
  readonly reads: string[];
  readonly counts: number[];
  /** `samples[variant][round]`, ns/op. */
  readonly samples: number[][];
}

/**
 * Starts one read worker per kind and takes `rounds` rounds from each in turn (which goes first
 * alternates), so round `r` of every kind was taken back to back under the same load; the other
 * worker waits for its request meanwhile, so they never compete for a core.
 */
export async function readKindsInTurn(kinds: readonly SectionKind[], rounds: number, runMs: number): Promise<KindSamples[]> {
  const workers = kinds.map((kind) => {
    const child = fork(join(__dirname, 'read.worker.js'), [kind, String(runMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const who = `read worker (${kind})`;
    return { who, ask: (request?: ReadRequest) => exchange<ReadReply>(child, who, request) };
  });
  const ready = await Promise.all(workers.map(async ({ who, ask }) => expectReply(await ask(), 'ready', who)));
  const results = ready.map(({ names, reads, counts }) => ({ names, reads, counts, samples: names.map(() => [] as number[]) }));
  for (let index = 0; index < rounds; index++) {
    for (let turn = 0; turn < workers.length; turn++) {
      const w = (index + turn) % workers.length;
      const { nsPerOp } = expectReply(await workers[w].ask({ kind: 'round', index }), 'round', workers[w].who);
      nsPerOp.forEach((ns, variant) => results[w].samples[variant].push(ns));
    }
  }
  await Promise.all(workers.map(async ({ who, ask }) => expectReply(await ask({ kind: 'close' }), 'closed', who)));
  return results;
}
