import { uncoveredKeyText, type UncoveredKey } from '@config-center/core/tooling';

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
  /** The file holding the path, when a file layer does (relative to the working folder when below it). */
  readonly file?: string;
  /** The 1-based line of the path's key in `file`. */
  readonly line?: number;
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
  /** Top-level keys no section covers, each with the section path it most likely misspells (the app warns and ignores them, unless it reads the path itself). */
  readonly uncoveredKeys: readonly UncoveredKey[];
  /** Encrypted values whose envelope and key id were checked but not their value: no key was at hand (a warning). */
  readonly uncheckedSecrets?: readonly UncheckedSecret[];
}

/** The report as lines for a terminal: one per problem (`path: constraint (source, file:line)`), then a summary. */
export function formatValidationReport(report: ValidationReport): string[] {
  const where = ({ source, file, line }: ValidationProblem) => (file === undefined ? source : `${source}, ${file}:${line}`);
  const lines = report.problems.map((problem) => `${problem.path}: ${problem.message} (${where(problem)})`);
  for (const path of report.unknownKeys) lines.push(`warning: ${path}: no field of its section declares this key; the app ignores it`);
  for (const key of report.uncoveredKeys) {
    lines.push(
      `warning: ${uncoveredKeyText(key)}: no section reads this top-level key; the app ignores it unless it reads the path itself`,
    );
  }
  for (const secret of report.uncheckedSecrets ?? []) lines.push(`warning: ${uncheckedSecretText(secret)}`);
  const what = `${report.sections.length} section${report.sections.length === 1 ? '' : 's'} over ${report.layers.join(' < ')}`;
  const count = report.problems.length;
  lines.push(report.valid ? `valid: ${what}` : `invalid: ${count} problem${count === 1 ? '' : 's'} in ${what}`);
  return lines;
}

/** An `enc:` value whose envelope and key id were checked, but not its value: no key was at hand. */
export interface UncheckedSecret {
  /** The config path (`db.password`). */
  readonly path: string;
  readonly kid: string;
  /** The layer that holds it, as the app names its source. */
  readonly source: string;
}

/** The warning for one unchecked secret: `db.password: encrypted with k2; no key at hand to check its value (--key-dir)`. */
export function uncheckedSecretText({ path, kid }: UncheckedSecret): string {
  return `${path}: encrypted with ${kid}; no key at hand to check its value (--key-dir)`;
}
