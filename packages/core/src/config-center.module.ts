import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule, ModulesContainer } from '@nestjs/core';
import { CONFIG_STORE } from './config-center.constants';
import { ConfigCenterExplorer } from './config-center.explorer';
import {
  CONFIG_CENTER_OPTIONS,
  CONFIG_FEATURE_SECTIONS,
  CONFIG_SECTIONS,
  ConfigurableModuleClass,
  featureSectionsOf,
  sectionProviders,
} from './config-center.module-definition';
import { ConfigCenterService } from './config-center.service';
import { tokenOf } from './decorators/define-section';
import type { ConfigCenterModuleOptions, Section } from './interfaces/config-center-options.interface';
import { ConfigStore } from './store/config-store';
import { installValidatorContainer } from './store/validator-container';

// When the app imports the module, before its bootstrap code runs: a container the app gives
// class-validator itself (`useContainer` in main.ts) replaces the library's keyed one.
installValidatorContainer();

/**
 * Live, validated config for a Nest application.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigCenterModule.forRoot({
 *       sources: [new FileConfigSource({ path: 'config/app.yaml' }), new EnvConfigSource({ prefix: 'APP__' })],
 *       sections: [RateLimitConfig],
 *       cache: { path: '.config-center/last-good.json' },
 *       isGlobal: true,
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: CONFIG_STORE,
      inject: [CONFIG_CENTER_OPTIONS, CONFIG_SECTIONS, ModulesContainer],
      useFactory: async (options: ConfigCenterModuleOptions, sections: Section[], modules: ModulesContainer) => {
        // The sections of every forFeature() are known before the first load, under the same startup rules.
        const store = new ConfigStore({ ...options, sections: [...sections, ...featureSectionsOf(modules)] });
        await store.load();
        return store;
      },
    },
    ConfigCenterService,
    ConfigCenterExplorer,
  ],
  exports: [ConfigCenterService, CONFIG_STORE],
})
export class ConfigCenterModule extends ConfigurableModuleClass {
  /** Provides section classes declared in a feature module, as live views. Needs a global `forRoot`. */
  static forFeature(sections: Section[]): DynamicModule {
    return {
      module: ConfigCenterFeatureModule,
      providers: [{ provide: CONFIG_FEATURE_SECTIONS, useValue: sections }, ...sectionProviders(sections)],
      exports: sections.map(tokenOf),
    };
  }
}

/** The module `forFeature` returns; it only provides section views. */
@Module({})
export class ConfigCenterFeatureModule {}
