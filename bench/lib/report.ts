import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchResult, Table } from './bench-result';
import { barPasses } from './bench-result';
import { formatNumber } from './stats';

/** Where each benchmark's JSON goes (git-ignored). */
export const RESULTS_DIR = join(__dirname, '..', '..', 'results');

/** Renders a table with aligned columns: text to the left, numbers to the right. */
export function renderTable(table: Table): string {
  const cells = table.rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = table.columns.map((column, i) => Math.max(column.length, ...cells.map((row) => (row[i] ?? '').length)));
  const numeric = table.columns.map((_, i) => table.rows.every((row) => typeof row[i] === 'number'));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const notes = (table.notes ?? []).map((note) => `  ${note}`);
  return [`== ${table.title}`, line(table.columns), rule, ...cells.map(line), ...notes].join('\n');
}

/** Writes `bench/results/<name>.json` with the run's context, tables, bars and raw data. */
export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${result.name}.json`);
  const contents = {
    name: result.name,
    date: new Date().toISOString(),
    environment: environment(),
    bars: result.bars.map((bar) => ({ ...bar, pass: barPasses(bar) })),
    tables: result.tables,
    data: result.data,
  };
  writeFileSync(path, `${JSON.stringify(contents, null, 2)}\n`);
  return path;
}

/** What the figures depend on: the runtime, the machine, and how busy it was when the benchmark ended. */
export function environment(): Record<string, unknown> {
  const cpu = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpu: cpu[0]?.model,
    cores: cpu.length,
    // The 1-minute load average: the figures of a run on a shared machine are read against it.
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}
