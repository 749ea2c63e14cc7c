import { ConfigCenterError } from './config-center.error';

/** A read of a path that holds no value and was given no default. */
export class ConfigKeyNotFoundError extends ConfigCenterError {
  constructor(
    readonly path: string,
    context?: string,
  ) {
    super(`No config value at '${path}'${context ? ` (${context})` : ''} and no default given`);
  }
}
