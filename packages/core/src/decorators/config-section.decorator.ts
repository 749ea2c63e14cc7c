import { CONFIG_SECTION_METADATA } from '../config-center.constants';
import { ConfigCenterError } from '../errors';
import { declareSection } from './declared-sections';

/** A class decorated with `@ConfigSection(path)`. */
export type SectionType<T extends object = object> = new () => T;

/**
 * What keys under a section that no field declares (a typo: `limt: 5`) do: `warn` (default) lists
 * them in `status().unknownKeys` and logs them once per change; `reject` makes them a validation
 * error (the section is quarantined); `ignore` does not look (sections that take free-form maps).
 */
export type UnknownKeysPolicy = 'warn' | 'reject' | 'ignore';

/** Options of one section. */
export interface ConfigSectionOptions {
  /** What keys that no field declares do here; default: the module's `unknownKeys` (`warn`). */
  readonly unknownKeys?: UnknownKeysPolicy;
}

/** What `@ConfigSection` records on a class. */
export interface ConfigSectionMetadata extends ConfigSectionOptions {
  readonly path: string;
}

/**
 * Binds a class to the subtree at `path` of the merged config tree. The class is transformed with
 * class-transformer and validated with class-validator; its field initialisers are the defaults.
 *
 * @example
 * ```ts
 * @ConfigSection('rateLimit')
 * export class RateLimitConfig {
 *   @IsInt() @Min(1) limit = 100;
 *   @IsInt() @Min(1) ttlMs = 60_000;
 * }
 * ```
 */
export function ConfigSection(path: string, options: ConfigSectionOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CONFIG_SECTION_METADATA, { ...options, path } satisfies ConfigSectionMetadata, target);
    declareSection(target);
  };
}

/** What `@ConfigSection` recorded on a class; throws when the class has none. */
export function sectionMetadataOf(type: SectionType): ConfigSectionMetadata {
  const metadata: ConfigSectionMetadata | undefined = Reflect.getMetadata(CONFIG_SECTION_METADATA, type);
  if (!metadata) throw new ConfigCenterError(`${type.name} is not a config section: decorate it with @ConfigSection(path)`);
  return metadata;
}
