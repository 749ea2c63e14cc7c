import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SectionKind, WorkerOptions } from '../apply-cost/apply-cost.worker-client';
import { measuredFor, timeBlocksInTurn, type Configuration, type Measured } from '../apply-cost/blocks-in-turn';
import { generatedTree, type FieldMix } from '../apply-cost/generated-sections';
import { barPasses, type Bar, type BenchResult, type Benchmark, type Table } from '../lib/bench-result';
import { median, percentile } from '../lib/stats';
import { coldStart } from '../startup/cold-start';
import { readKindsInTurn } from './read-worker-client';
import { configValueRead, FROZEN_READ, liveViewRead } from './section-readers';

const KINDS: readonly SectionKind[] = ['class', 'schema'];
const MIX: FieldMix = 'mixed';
const LIMIT = 1.2;

const READ_ROUNDS = 151;
const READ_RUN_MS = 2;

const APPLY_ROUNDS = 3;
const APPLY_PLAN = { warmupBlocks: 10, blocks: 30, blockSize: 50 };
const APPLY_SHAPE = { sections: 100, keysPerSection: 100 };

const STARTUP_SHAPE = { sections: 50, fields: 10 };
const STARTUP_PROCESSES = 21;

/** One compared figure: its class and schema values, and the ratio the bar holds. */
interface Row {
  readonly measure: string;
  readonly unit: string;
  readonly class: number;
  readonly schema: number;
  readonly ratio: number;
  /** Whether the 1.2× bar holds it; default true (`false`: a row shown as context). */
  readonly bar?: false;
  readonly invalid?: string;
}

/**
 * Issue 13's bar: a Standard Schema section (zod, through `defineSection`) and a class section with
 * the same fields — integers ≥ 0, strings and a boolean, ten in each run — cost within 1.2× of each
 * other on the read path, the apply of a one-key change and startup. Each figure is taken with the
 * machinery of the benchmark that sets the class's own bar (read-path, apply-cost, startup), both
 * kinds in the same run, taken in turn.
 */
export const schemaSectionsBenchmark: Benchmark = {
  name: 'schema-sections',
  async run(): Promise<BenchResult> {
    const read = await readPath();
    const apply = await applyCost();
    const startup = await startupTime();
    const rows = [...read.rows, ...apply.rows, startup.row];
    const bars = rows.filter((row) => row.bar !== false).map(barOf);
    return { name: 'schema-sections', tables: [tableOf(rows)], bars, data: { read: read.data, apply: apply.data, startup: startup.data } };
  },
};

/**
 * Read path: each kind in its own process (the read-path loops), rounds taken from each in turn;
 * the ratio is the median over rounds of schema ns/op ÷ class ns/op.
 */
async function readPath() {
  const [byClass, bySchema] = await readKindsInTurn(KINDS, READ_ROUNDS, READ_RUN_MS);
  const samplesOf = (kind: SectionKind, name: string) => {
    const taken = kind === 'class' ? byClass : bySchema;
    return taken.samples[taken.names.indexOf(name)];
  };
  const compare = (measure: string, nameOf: (kind: SectionKind) => string): Row => {
    const [ofClass, ofSchema] = KINDS.map((kind) => samplesOf(kind, nameOf(kind)));
    return {
      measure,
      unit: 'ns/op',
      class: median(ofClass),
      schema: median(ofSchema),
      ratio: median(ofSchema.map((ns, round) => ns / ofClass[round])),
    };
  };
  const rows = [
    { ...compare('read: frozen object (context)', () => FROZEN_READ), bar: false as const },
    compare('read: live view property', liveViewRead),
    compare('read: @ConfigValue property', configValueRead),
  ];
  return { rows, data: { class: byClass, schema: bySchema } };
}

/**
 * Apply cost: one process per configuration, blocks of one-key changes taken in turn (the
 * apply-cost workers). The bar compares the schema section with the class section as shipped (the
 * keyed container core gives class-validator); with class-validator's default container, whose
 * lookups cost in proportion to every decorated field in the process, the class is far slower, shown
 * as context.
 */
async function applyCost() {
  const options: WorkerOptions[] = [{ kind: 'schema' }, { kind: 'class' }, { kind: 'class', container: 'class-validator-default' }];
  const labels = ['schema', "class, the library's container", "class, class-validator's default container"];
  const configurations: Configuration[] = options.map((o, i) => ({ label: labels[i], ...APPLY_SHAPE, options: { ...o, mix: MIX } }));
  const measured = measuredFor(configurations);
  const problems: string[] = [];
  for (let round = 0; round < APPLY_ROUNDS; round++) problems.push(...(await timeBlocksInTurn(configurations, measured, APPLY_PLAN)));
  const [bySchema, shipped, byDefault] = measured;
  const keys = (APPLY_SHAPE.sections * APPLY_SHAPE.keysPerSection).toLocaleString('en');
  const compare = (byClass: Measured, container: string): Row => ({
    measure: `apply: one-key change, ${keys} keys in ${APPLY_SHAPE.sections} sections (${container})`,
    unit: 'µs',
    class: median(byClass.samplesNs) / 1e3,
    schema: median(bySchema.samplesNs) / 1e3,
    ratio: median(bySchema.blockMediansNs.map((ns, block) => ns / byClass.blockMediansNs[block])),
    invalid: problems.length ? problems.join('; ') : undefined,
  });
  const rows = [
    compare(shipped, "the library's container"),
    { ...compare(byDefault, "class-validator's default container"), bar: false as const },
  ];
  return { rows, data: { shape: APPLY_SHAPE, rounds: APPLY_ROUNDS, plan: APPLY_PLAN, labels, measured } };
}

/** Startup: cold processes of each kind, alternating which goes first (the startup worker). */
async function startupTime() {
  const dir = mkdtempSync(join(tmpdir(), 'config-center-schema-startup-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(file, stringify(generatedTree(STARTUP_SHAPE.sections, STARTUP_SHAPE.fields, MIX)));
  const samples: Record<SectionKind, number[]> = { class: [], schema: [] };
  try {
    for (let round = 0; round < STARTUP_PROCESSES; round++) {
      for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
        samples[kind].push(await coldStart({ loader: 'library', file, ...STARTUP_SHAPE, kind, mix: MIX }));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const row: Row = {
    measure: `startup: ready module, file source, ${STARTUP_SHAPE.sections} sections of ${STARTUP_SHAPE.fields} fields`,
    unit: 'ms',
    class: median(samples.class),
    schema: median(samples.schema),
    ratio: median(samples.schema) / median(samples.class),
  };
  const spread = Object.fromEntries(KINDS.map((kind) => [kind, [10, 90].map((p) => percentile(samples[kind], p))]));
  return { row, data: { shape: STARTUP_SHAPE, processes: STARTUP_PROCESSES, samples, p10p90: spread } };
}

/** The 1.2× bar on a row's schema ÷ class ratio. */
function barOf(row: Row): Bar {
  return { label: `${row.measure}, schema / class`, measured: row.ratio, kind: 'max', limit: LIMIT, unit: '×', invalid: row.invalid };
}

function tableOf(rows: Row[]): Table {
  return {
    title: 'schema-sections: a zod section (defineSection) against a class section of the same fields',
    columns: ['measure', 'unit', 'class', 'schema', 'schema ÷ class', 'bar', 'verdict'],
    rows: rows.map((row) => [
      row.measure,
      row.unit,
      row.class,
      row.schema,
      row.ratio.toFixed(2),
      row.bar === false ? 'context' : `≤ ${LIMIT}×`,
      row.bar === false ? '' : barPasses(barOf(row)) ? 'pass' : 'FAIL',
    ]),
    notes: [
      'Fields per run of ten: seven integers ≥ 0, two strings, one boolean (IsInt+Min / IsString / IsBoolean; z.number().int().min(0),',
      'z.string(), z.boolean(), each with a default).',
      `Read: one process per kind, ${READ_ROUNDS} rounds of ~${READ_RUN_MS} ms per variant, taken from each in turn; median ns/op, and the ratio`,
      'is the median per-round ratio. Each kind has its own process, so no read site shares type feedback with the other kind.',
      `Apply: ${APPLY_ROUNDS} rounds × ${APPLY_PLAN.blocks} blocks of ${APPLY_PLAN.blockSize} memory.set() until the injected view shows it, one process`,
      'per configuration, blocks in turn; µs are medians over all changes, the ratio the median over blocks of the block-median ratio.',
      "The bar's class runs as shipped (core gives class-validator a keyed container); with class-validator's default container",
      '(context) each check searches a list of every decorated field in the process, so the class side costs far more — see apply-cost.',
      `Startup: ${STARTUP_PROCESSES} cold processes per kind, alternating; the ratio is of the medians. Sections are built (and zod and`,
      "class-validator loaded) before the clock starts, for both; the class has the library's container, as in the startup benchmark.",
    ],
  };
}
