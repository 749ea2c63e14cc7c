/** One problem a validation found: where, and what the core says is wrong there; never the value. */
export interface ValidationProblem {
  /** `validation`: a section rejects the value; `parse`: the input cannot become config (a bad document or key). */
  readonly kind: 'validation' | 'parse';
  /** The config path (`rateLimit.limit`), or the file or key that cannot be read. */
  readonly path: string;
  /** The core's message: `must be an integer number (got a string)`. */
  readonly message: string;
  /** The layer blamed for it, as the app names its source: `file:proposal.yaml`, `etcd:/configs/orders/`, `consul:configs/orders/`. */
  readonly source: string;
}

/** What `validate` found, as `--json` prints it. */
export interface ValidationReport {
  readonly valid: boolean;
  /** The layers merged, lowest first. */
  readonly layers: readonly string[];
  readonly sections: readonly string[];
  readonly problems: readonly ValidationProblem[];
  /** Keys under a section that no field declares (the app warns and ignores them). */
  readonly unknownKeys: readonly string[];
}

/** The report as lines for a terminal: one per problem, then a summary. */
export function formatValidationReport(report: ValidationReport): string[] {
  const lines = report.problems.map(({ path, message, source }) => `${path}: ${message} (${source})`);
  for (const path of report.unknownKeys) lines.push(`warning: ${path}: no field of its section declares this key; the app ignores it`);
  const what = `${report.sections.length} section${report.sections.length === 1 ? '' : 's'} over ${report.layers.join(' < ')}`;
  const count = report.problems.length;
  lines.push(report.valid ? `valid: ${what}` : `invalid: ${count} problem${count === 1 ? '' : 's'} in ${what}`);
  return lines;
}
