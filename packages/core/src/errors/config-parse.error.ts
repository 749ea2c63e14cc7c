import { ConfigCenterError } from './config-center.error';

/** Input that cannot become a config tree: malformed JSON/YAML, forbidden keys, absurd nesting or size. */
export class ConfigParseError extends ConfigCenterError {
  constructor(
    readonly source: string,
    /** The file, key or path the input came from. */
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Config source '${source}': cannot read '${location}': ${reason}`, options);
  }
}
