import { MemoryConfigSource } from '@config-center/core';
import type { Bar, BenchResult, Benchmark } from '../lib/bench-result';
import { elapsedNs, median, now } from '../lib/stats';
import { startApp, stringSections, treeOf, valueOf, type ValueKind } from './secret-apps';

const LIMIT = 1.5;
const KINDS: readonly ValueKind[] = ['plain', 'secret'];
const APPLY = { fields: 10, blocks: 30, blockSize: 100, warmupBlocks: 5 };
const STARTUP = { sections: 100, fields: 10, rounds: 15 };

/**
 * Issue 27's decryption-cost bars, each against its plain baseline in the same run, the two kinds
 * taken in turn (the first of each pair alternating): a one-key change of a section with 10 secret
 * fields ≤ 1.5× the same change with plain values (the apply of `MemoryConfigSource.set`, which is
 * synchronous: merge, decrypt, bind, validate, freeze, swap); startup with 1,000 secret values ≤
 * 1.5× plain (boot of an application context on a memory source, in this process).
 */
export const secretsBenchmark: Benchmark = {
  name: 'secrets',
  async run(): Promise<BenchResult> {
    const apply = await applyCost();
    const startup = await startupCost();
    const rows = [apply, startup].map((row) => [row.measure, row.plain.toFixed(1), row.secret.toFixed(1), row.ratio.toFixed(2)]);
    const bars: Bar[] = [apply, startup].map((row) => ({ label: row.measure, measured: row.ratio, kind: 'max', limit: LIMIT, unit: '×' }));
    const notes = [
      'ratio: the median over rounds of secret ÷ plain, both kinds measured in the same round, in turn.',
      'startup is measured in this process (warm JIT), app after app: it compares what decryption adds, not a cold start.',
    ];
    const table = { title: 'secrets: decryption cost against plain values', columns: ['measure', 'plain', 'secret', 'ratio'], rows, notes };
    return { name: 'secrets', tables: [table], bars, data: { apply, startup } };
  },
};

/** One one-key change after another on an app of one section with 10 fields, `APPLY.blockSize` to a block. */
async function applyCost() {
  const types = stringSections(1, APPLY.fields);
  const memories = KINDS.map((kind) => new MemoryConfigSource(treeOf(kind, 1, APPLY.fields)));
  const apps = await Promise.all(memories.map((memory) => startApp(types, memory)));
  // Two values that take turns, sealed beforehand: the change is what is measured, not the sealing.
  const values = KINDS.map((kind) => [valueOf(kind, 's0.f3', 'first'), valueOf(kind, 's0.f3', 'second')]);
  const blockNs = KINDS.map(() => [] as number[]);
  for (let block = 0; block < APPLY.warmupBlocks + APPLY.blocks; block++) {
    const order = block % 2 ? [1, 0] : [0, 1];
    for (const k of order) {
      const samples: number[] = [];
      for (let i = 0; i < APPLY.blockSize; i++) {
        const start = now();
        memories[k].set('s0.f3', values[k][i % 2]);
        samples.push(elapsedNs(start));
      }
      if (block >= APPLY.warmupBlocks) blockNs[k].push(median(samples));
    }
  }
  await Promise.all(apps.map((app) => app.close()));
  const [plain, secret] = blockNs;
  const measure = `apply: one-key change, a section of ${APPLY.fields} fields (µs)`;
  return { measure, plain: median(plain) / 1e3, secret: median(secret) / 1e3, ratio: median(secret.map((ns, i) => ns / plain[i])) };
}

/** Boots of an app serving `STARTUP.sections` × `STARTUP.fields` values, plain and sealed, in turn. */
async function startupCost() {
  const types = stringSections(STARTUP.sections, STARTUP.fields);
  const trees = KINDS.map((kind) => treeOf(kind, STARTUP.sections, STARTUP.fields));
  const ms = KINDS.map(() => [] as number[]);
  for (let round = 0; round < STARTUP.rounds + 2; round++) {
    for (const k of round % 2 ? [1, 0] : [0, 1]) {
      const start = now();
      const app = await startApp(types, new MemoryConfigSource(trees[k]));
      const took = elapsedNs(start) / 1e6;
      await app.close();
      // The first two rounds warm up.
      if (round >= 2) ms[k].push(took);
    }
  }
  const [plain, secret] = ms;
  const values = (STARTUP.sections * STARTUP.fields).toLocaleString('en');
  const measure = `startup: ${values} values in ${STARTUP.sections} sections (ms)`;
  return { measure, plain: median(plain), secret: median(secret), ratio: median(secret.map((t, i) => t / plain[i])) };
}
