import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import { CONFIG_STORE } from './config-center.constants';
import { ConfigCenterError } from './errors';
import { sectionNameOf, tokenOf } from './decorators/define-section';
import type { ConfigCenterModuleOptions, Section } from './interfaces/config-center-options.interface';
import type { ConfigStore } from './store/config-store';
import { sectionHintModule } from './section-hint.module';
import { createLiveView } from './store/live-view';

/** Options of `forRoot` / `forRootAsync` that shape the module itself rather than the store. */
export interface ConfigCenterModuleExtras {
  /** Register the module globally (default false). */
  isGlobal: boolean;
  /** Sections (classes or `defineSection` ones) provided as live views (also with `forRootAsync`). */
  sections: Section[];
}

/** DI token of the sections given to `forRoot` / `forRootAsync`. */
export const CONFIG_SECTIONS = Symbol('CONFIG_CENTER_SECTIONS');

/** DI token of the sections given to one `forFeature`, in the module it returns. */
export const CONFIG_FEATURE_SECTIONS = Symbol('CONFIG_CENTER_FEATURE_SECTIONS');

/** The sections of every `forFeature` module of the application, read before any is instantiated. */
export function featureSectionsOf(modules: ModulesContainer): Section[] {
  const sections: Section[] = [];
  for (const module of modules.values()) {
    const feature = module.providers.get(CONFIG_FEATURE_SECTIONS)?.instance as Section[] | undefined;
    if (feature) sections.push(...feature);
  }
  return sections;
}

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CONFIG_CENTER_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<Omit<ConfigCenterModuleOptions, 'sections'>>({ moduleName: 'ConfigCenter' })
  .setClassMethodName('forRoot')
  .setExtras<ConfigCenterModuleExtras>({ isGlobal: false, sections: [] }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), sectionHintModule(extras.sections)],
    providers: [
      ...(definition.providers ?? []),
      { provide: CONFIG_SECTIONS, useValue: extras.sections },
      ...sectionProviders(extras.sections),
    ],
    exports: [...(definition.exports ?? []), ...extras.sections.map(tokenOf)],
  }))
  .build();

/** Providers that give each section as a live view over the current snapshot. */
export function sectionProviders(sections: readonly Section[]): Provider[] {
  return sections.map((section) => ({
    provide: tokenOf(section),
    inject: [{ token: CONFIG_STORE, optional: true }],
    useFactory: (store: ConfigStore | undefined) => {
      if (!store) {
        throw new ConfigCenterError(
          `${sectionNameOf(section)} is a config section but no ConfigCenterModule.forRoot() is visible here: ` +
            'register it with isGlobal: true, or import it into this module',
        );
      }
      return createLiveView(store, store.bindingOf(section));
    },
  }));
}
