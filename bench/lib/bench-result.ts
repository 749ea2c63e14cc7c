/** What a benchmark hands back to the runner: its table, its bars and its raw data. */

/** One acceptance bar of an issue, checked against a figure measured in the same run. */
export interface Bar {
  /** What is compared, e.g. `@ConfigValue read / frozen read`. */
  readonly label: string;
  /** The measured figure, usually a ratio against a baseline of the same run. */
  readonly measured: number;
  /** `max`: measured must be at most `limit`; `min`: at least `limit`. */
  readonly kind: 'max' | 'min';
  readonly limit: number;
  /** How the figure is shown, e.g. `×` for ratios. */
  readonly unit: string;
  /** Why the run cannot be trusted, when it cannot; the bar then fails whatever the figure. */
  readonly invalid?: string;
}

/** A table: a header row and rows of cells already formatted, or numbers. */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Lines printed under the table: what the figures mean, how they were taken. */
  readonly notes?: readonly string[];
}

/** The outcome of one benchmark. */
export interface BenchResult {
  /** File-name-safe name; the JSON goes to `bench/results/<name>.json`. */
  readonly name: string;
  readonly tables: readonly Table[];
  readonly bars: readonly Bar[];
  /** Everything measured, for the JSON file. */
  readonly data: unknown;
}

/** A benchmark: boots what it needs, measures, and shuts down. */
export interface Benchmark {
  readonly name: string;
  run(): Promise<BenchResult>;
}

/** Whether a bar holds. */
export function barPasses(bar: Bar): boolean {
  if (bar.invalid !== undefined || !Number.isFinite(bar.measured)) return false;
  return bar.kind === 'max' ? bar.measured <= bar.limit : bar.measured >= bar.limit;
}

/** `PASS  read-path  @ConfigValue read / frozen read = 2.10× (bar: ≤ 5×)`. */
export function formatBar(bench: string, bar: Bar): string {
  const verdict = barPasses(bar) ? 'PASS' : 'FAIL';
  const figure = Number.isInteger(bar.measured) ? String(bar.measured) : bar.measured.toFixed(2);
  const limit = `${bar.kind === 'max' ? '≤' : '≥'} ${bar.limit}${bar.unit}`;
  const invalid = bar.invalid === undefined ? '' : ` — invalid run: ${bar.invalid}`;
  return `${verdict}  ${bench}  ${bar.label} = ${figure}${bar.unit} (bar: ${limit})${invalid}`;
}
