export { ConfigCenterModule } from './config-center.module';
export type { ConfigCenterModuleExtras } from './config-center.module-definition';
export { ConfigCenterService } from './config-center.service';
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
export { InjectSection } from './decorators/inject-section.decorator';
export { ConfigValue, type ConfigValueOptions } from './decorators/config-value.decorator';
export { OnConfigChange } from './decorators/on-config-change.decorator';
export * from './errors';
export type * from './interfaces/config-center-options.interface';
export type * from './interfaces/config-events.interface';
export type * from './interfaces/config-source.interface';
export type * from './interfaces/config-status.interface';
export { MemoryConfigSource, type MemoryBatch } from './sources/memory-config-source';
export { FileConfigSource, type FileConfigSourceOptions } from './sources/file-config-source';
export { EnvConfigSource, type EnvConfigSourceOptions } from './sources/env-config-source';
export { ConfigCenterStatusModule, type ConfigCenterStatusModuleOptions } from './status/config-center-status.module';
export type * from './status/config-status-report.interface';
