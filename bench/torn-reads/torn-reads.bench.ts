import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService, MemoryConfigSource } from '@config-center/core';
import type { Bar, BenchResult, Benchmark, Table } from '../lib/bench-result';
import { elapsedNs, nextMacrotask, now } from '../lib/stats';
import { startReader, type ReaderStats } from './interleaved-reader';
import { PairConfig, PairWatcher, TornReadTally } from './torn-reads.fixtures';

const BATCHES = 10_000;

/**
 * Bar 3 of issue 2: a batch writing `a` and `b` to one new value, 10,000 times, never shows a
 * reader `a !== b` on one snapshot. The writer spreads its batches over thousands of macrotasks
 * (1–3 per task); readers run in their own macrotasks (immediates and timers), in microtasks
 * queued after each batch, inside the batch between its two writes, and in every change handler.
 */
export const tornReadsBenchmark: Benchmark = {
  name: 'torn-reads',
  async run(): Promise<BenchResult> {
    const tally = new TornReadTally();
    const memory = new MemoryConfigSource({ pair: { a: 0, b: 0 } });
    class TornReadsModule {}
    Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [PairConfig], isGlobal: true })],
      providers: [PairWatcher, { provide: TornReadTally, useValue: tally }],
    })(TornReadsModule);
    const app = await NestFactory.createApplicationContext(TornReadsModule, { logger: false });
    const watcher = app.get(PairWatcher);
    const service = app.get(ConfigCenterService);
    const changes = service.changes$.subscribe((event) => {
      const pair = event.current.pair as { a?: unknown; b?: unknown };
      tally.check('changes$ event tree', 'snapshot', pair.a === pair.b);
      watcher.checkNow('changes$ subscriber');
    });
    const observed = service
      .observe(PairConfig)
      .subscribe((pair) => tally.check('observe(PairConfig) subscriber', 'snapshot', pair.a === pair.b));
    const immediates = startReader(watcher, 'reader, own immediates', nextMacrotask);
    const timers = startReader(watcher, 'reader, own timers', () => new Promise((resolve) => setTimeout(resolve, 0)));
    const versionBefore = service.status().version;
    const start = now();
    const writerTasks = await write(memory, watcher);
    const writeMs = elapsedNs(start) / 1e6;
    const readers = [await immediates.stop(), await timers.stop()];
    changes.unsubscribe();
    observed.unsubscribe();
    const final = service.get(PairConfig);
    const versions = service.status().version - versionBefore;
    await app.close();
    return resultOf(tally, readers, { writerTasks, writeMs, versions, finalA: final.a, finalB: final.b });
  },
};

/** Writes `BATCHES` batches, 1–3 per macrotask, checking between each batch's two writes. */
async function write(memory: MemoryConfigSource, watcher: PairWatcher): Promise<number> {
  let value = 0;
  let tasks = 0;
  while (value < BATCHES) {
    await nextMacrotask();
    tasks++;
    for (let k = 0; k <= tasks % 3 && value < BATCHES; k++) {
      const next = ++value;
      memory.batch((batch) => {
        batch.set('pair.a', next);
        watcher.checkNow('inside batch(), between set a and set b');
        batch.set('pair.b', next);
      });
      queueMicrotask(() => watcher.checkNow('microtask after each batch'));
    }
  }
  return tasks;
}

interface WriterStats {
  readonly writerTasks: number;
  readonly writeMs: number;
  /** Versions the batches made: one per batch when each batch is one swap. */
  readonly versions: number;
  readonly finalA: number;
  readonly finalB: number;
}

function resultOf(tally: TornReadTally, readers: ReaderStats[], writer: WriterStats): BenchResult {
  const snapshot = tally.total('snapshot');
  const handlerCalls = tally.entries().find((c) => c.where === '@OnConfigChange (next, previous)')?.checks ?? 0;
  const problems = [
    writer.finalA !== BATCHES || writer.finalB !== BATCHES ? `final pair is (${writer.finalA}, ${writer.finalB})` : '',
    writer.versions !== BATCHES ? `${BATCHES} batches made ${writer.versions} versions` : '',
    handlerCalls !== BATCHES ? `@OnConfigChange ran ${handlerCalls} times for ${BATCHES} batches` : '',
    readers[0].tasksSeeingNewValue < BATCHES / 10 ? `the immediates reader saw only ${readers[0].tasksSeeingNewValue} new values` : '',
  ].filter(Boolean);
  const bar: Bar = {
    label: `torn snapshot reads: mismatches in ${snapshot.checks} checks (${snapshot.mismatches}/${snapshot.checks})`,
    measured: snapshot.mismatches,
    kind: 'max',
    limit: 0,
    unit: '',
    invalid: problems.length ? problems.join('; ') : undefined,
  };
  return {
    name: 'torn-reads',
    tables: [tornReadsTable(tally, readers, writer, BATCHES)],
    bars: [bar],
    data: { batches: BATCHES, writer, readers, checks: tally.entries() },
  };
}

/** The table: every checker's count and mismatches, then how the readers interleaved. */
function tornReadsTable(tally: TornReadTally, readers: readonly ReaderStats[], writer: WriterStats, batches: number): Table {
  const rows = tally.entries().map((count) => [count.where, count.method, count.checks, count.mismatches]);
  for (const method of ['snapshot', 'live view, same tick', '@ConfigValue, same tick'] as const) {
    const total = tally.total(method);
    rows.push(['total', method, total.checks, total.mismatches]);
  }
  return {
    title: `torn-reads: ${batches} batches each setting pair.a and pair.b to one new value`,
    columns: ['where the check ran', 'how it read', 'checks', 'mismatches'],
    rows,
    notes: [
      `Writer: ${batches} batches over ${writer.writerTasks} macrotasks (1–3 per task) in ${writer.writeMs.toFixed(0)} ms, ${writer.versions} versions; ` +
        `final pair (${writer.finalA}, ${writer.finalB}).`,
      ...readers.map((r) => `${r.where}: ${r.tasks} tasks, ${r.tasksSeeingNewValue} of them saw a value its previous task had not.`),
      "'snapshot' checks read one instance (service.get, handler arguments, the changes$ tree): the bar counts these.",
      "'same tick' checks read a and b through two getters with no await between; reported, not a bar.",
    ],
  };
}
