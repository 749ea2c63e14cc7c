import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generatedTree } from '../apply-cost/generated-sections';
import type { Bar, BenchResult, Benchmark } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { coldStart } from './cold-start';

const SECTIONS = 50;
const FIELDS = 10;
const PROCESSES = 15;
const KINDS = ['baseline', 'library'] as const;

/**
 * Startup: a ready module with 50 sections of 10 fields on a YAML file, against a hand-written
 * loader doing the same necessary work with public APIs (read, parse, `plainToInstance` and
 * `validateSync` per section) in a Nest module of its own. Each sample is one cold process; the
 * kinds alternate (which goes first alternates too), and the figure is the ratio of the medians.
 */
export const startupBenchmark: Benchmark = {
  name: 'startup',
  async run(): Promise<BenchResult> {
    const dir = mkdtempSync(join(tmpdir(), 'config-center-startup-'));
    const file = join(dir, 'app.yaml');
    writeFileSync(file, stringify(generatedTree(SECTIONS, FIELDS)));
    const samples: Record<(typeof KINDS)[number], number[]> = { baseline: [], library: [] };
    try {
      for (let round = 0; round < PROCESSES; round++) {
        const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
        for (const kind of order) samples[kind].push(await coldStart({ loader: kind, file, sections: SECTIONS, fields: FIELDS }));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const ratio = median(samples.library) / median(samples.baseline);
    const bar: Bar = { label: 'ready module / hand-written loader (medians)', measured: ratio, kind: 'max', limit: 1.5, unit: '×' };
    const row = (kind: (typeof KINDS)[number]) => [
      kind === 'library' ? 'ConfigCenterModule + FileConfigSource' : 'hand-written: read, parse, plainToInstance, validateSync',
      median(samples[kind]),
      percentile(samples[kind], 10),
      percentile(samples[kind], 90),
      kind === 'library' ? ratio.toFixed(2) : '1.00',
    ];
    const table = {
      title: `startup: ${SECTIONS} sections of ${FIELDS} fields from a YAML file, until the Nest context is ready, ms`,
      columns: ['loader', 'median ms', 'p10 ms', 'p90 ms', '× hand-written'],
      rows: KINDS.map(row),
      notes: [`${PROCESSES} cold processes of each kind, alternating; section classes are built before the clock starts.`],
    };
    return { name: 'startup', tables: [table], bars: [bar], data: { sections: SECTIONS, fields: FIELDS, samples, ratio } };
  },
};
