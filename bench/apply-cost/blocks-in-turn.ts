import { median } from '../lib/stats';
import { startWorker, type WorkerOptions } from './apply-cost.worker-client';

/** One configuration a worker process boots. */
export interface Configuration {
  readonly label: string;
  readonly sections: number;
  readonly keysPerSection: number;
  readonly options?: WorkerOptions;
}

/** Everything timed for one configuration, over every round. */
export interface Measured {
  readonly samplesNs: number[];
  readonly blockMediansNs: number[];
  readonly bootMs: number[];
}

/** How many one-key changes each round makes per configuration. */
export interface BlockPlan {
  readonly warmupBlocks: number;
  readonly blocks: number;
  readonly blockSize: number;
}

/** An empty `Measured` per configuration. */
export function measuredFor(configurations: readonly Configuration[]): Measured[] {
  return configurations.map(() => ({ samplesNs: [], blockMediansNs: [], bootMs: [] }));
}

/**
 * One round: boots one process per configuration, then takes blocks of one-key changes from each
 * in turn (which goes first rotates with the block), so all see the same machine load, and adds
 * what each timed to its `targets` entry. Block `b` of every configuration is taken in the same
 * turn, so per-block ratios compare like with like. Returns what went wrong (a worker that applied
 * fewer versions than it was asked to).
 */
export async function timeBlocksInTurn(configurations: readonly Configuration[], targets: Measured[], plan: BlockPlan): Promise<string[]> {
  const workers = configurations.map((c) => startWorker(c.sections, c.keysPerSection, c.options));
  const boots = await Promise.all(workers.map((worker) => worker.ready()));
  boots.forEach((ms, i) => targets[i].bootMs.push(ms));
  for (let block = 0; block < plan.warmupBlocks + plan.blocks; block++) {
    for (let turn = 0; turn < workers.length; turn++) {
      const i = (block + turn) % workers.length;
      const samples = await workers[i].block(plan.blockSize);
      if (block < plan.warmupBlocks) continue;
      targets[i].samplesNs.push(...samples);
      targets[i].blockMediansNs.push(median(samples));
    }
  }
  const expected = (plan.warmupBlocks + plan.blocks) * plan.blockSize;
  const applied = await Promise.all(workers.map((worker) => worker.close()));
  return applied.flatMap((versions, i) =>
    versions === expected ? [] : [`${configurations[i].label} worker applied ${versions} versions for ${expected} changes`],
  );
}
