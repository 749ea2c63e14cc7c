/**
 * `@config-center/core/sections`: what a service's sections module needs to declare its sections —
 * `@ConfigSection` classes and `defineSection` schemas — and what tools need to find and name them,
 * without loading Nest or rxjs. The `config-center` CLI loads a service's sections module on every
 * run: one that imports from here keeps the CLI fast; one that imports `@config-center/core` works
 * the same, and loads Nest. These are the very decorators the main entry exports (same files, same
 * metadata), so an app may import a section from either.
 *
 * @example
 * ```ts
 * // sections.ts, importing ConfigSection from @config-center/core/sections
 * @ConfigSection('rateLimit')
 * export class RateLimitConfig { @IsInt() @Min(1) limit = 100; }
 * ```
 */
export { ConfigSection, type ConfigSectionOptions } from './decorators/config-section.decorator';
export {
  defineSection,
  sectionNameOf,
  sectionPathOf,
  type DefineSectionOptions,
  type SchemaSection,
  type SectionOf,
} from './decorators/define-section';
export { isSection } from './decorators/is-section';
export { Secret } from './decorators/secret.decorator';
export type { Section, SectionType, UnknownKeysPolicy } from './interfaces/config-center-options.interface';
