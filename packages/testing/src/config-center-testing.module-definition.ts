import { Module, type DynamicModule } from '@nestjs/common';
import { MemoryConfigSource, type ConfigTree, type Section } from '@config-center/core';

/** Options of `ConfigCenterTestingModule.forRoot()`. */
export interface ConfigCenterTestingOptions {
  /** Section classes to bind, validate and provide as live views, as with `ConfigCenterModule`. */
  readonly sections?: Section[];
  /** The config tree the in-memory source starts with; copied, never mutated. Default `{}`. */
  readonly initial?: ConfigTree;
  /** Register the config module (and `ConfigCenterTesting`) globally; default `true`. */
  readonly isGlobal?: boolean;
}

/** DI token of the `MemoryConfigSource` behind a `ConfigCenterTestingModule`. */
export const TESTING_CONFIG_SOURCE = Symbol('CONFIG_CENTER_TESTING_SOURCE');

/** The name of that source, as it appears in `status()`, `changes$` and `errors$`. */
export const TESTING_SOURCE_NAME = 'testing';

/** Holds the in-memory source; imported both by the config module and by the testing module. */
@Module({})
export class ConfigCenterTestingSourceModule {
  /** A fresh source per compiled module: the factory runs once per Nest container. */
  static seededWith(initial: ConfigTree): DynamicModule {
    return {
      module: ConfigCenterTestingSourceModule,
      providers: [{ provide: TESTING_CONFIG_SOURCE, useFactory: () => new MemoryConfigSource(initial, TESTING_SOURCE_NAME) }],
      exports: [TESTING_CONFIG_SOURCE],
    };
  }
}
