import { CONFIG_SECTION_METADATA } from '../config-center.constants';
import { ConfigCenterError } from '../errors';
import type { SectionType } from '../interfaces/config-center-options.interface';

/** What `@ConfigSection` records on a class. */
export interface ConfigSectionMetadata {
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
export function ConfigSection(path: string): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CONFIG_SECTION_METADATA, { path } satisfies ConfigSectionMetadata, target);
  };
}

/** The path a section class is bound to; throws when the class has no `@ConfigSection`. */
export function sectionPathOf(type: SectionType): string {
  const metadata: ConfigSectionMetadata | undefined = Reflect.getMetadata(CONFIG_SECTION_METADATA, type);
  if (!metadata) throw new ConfigCenterError(`${type.name} is not a config section: decorate it with @ConfigSection(path)`);
  return metadata.path;
}
