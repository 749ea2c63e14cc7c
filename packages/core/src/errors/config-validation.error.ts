import { ConfigCenterError } from './config-center.error';

/** What is wrong at one config path; never the value. */
export interface ConfigValidationIssue {
  readonly path: string;
  /** Each failed constraint, as class-validator names it, and what it requires (`min` → `must not be less than 1`). */
  readonly constraints: Readonly<Record<string, string>>;
  /** What to fix, the most basic failed constraint first: `must be an integer number (got a string)`. */
  readonly message: string;
}

/** A config that does not satisfy its section class; the update carrying it is rejected whole. */
export class ConfigValidationError extends ConfigCenterError {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigValidationIssue[],
  ) {
    super(`Config source '${source}' · ${issues.map(({ path, message }) => `${path}: ${message}`).join('; ')}`);
  }
}
