import { ConfigCenterError } from './config-center.error';

/** One failed constraint: the config path and the class-validator constraints it broke. */
export interface ConfigValidationIssue {
  readonly path: string;
  readonly constraints: Readonly<Record<string, string>>;
}

/** A config that does not satisfy its section class; the update carrying it is rejected whole. */
export class ConfigValidationError extends ConfigCenterError {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigValidationIssue[],
  ) {
    super(`Config source '${source}': invalid config: ${formatIssues(issues)}`);
  }
}

function formatIssues(issues: readonly ConfigValidationIssue[]): string {
  return issues
    .map(({ path, constraints }) => {
      const rules = Object.entries(constraints).map(([rule, message]) => `${message} (${rule})`);
      return `${path}: ${rules.join(', ')}`;
    })
    .join('; ');
}
