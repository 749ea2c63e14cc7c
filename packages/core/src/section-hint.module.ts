import { Module, Scope, type DynamicModule, type FactoryProvider } from '@nestjs/common';
import { INQUIRER } from '@nestjs/core';
import { declaredSections } from './decorators/declared-sections';
import { isSection } from './decorators/is-section';
import { tokenOf } from './decorators/define-section';
import type { Section } from './interfaces/config-center-options.interface';
import { unregisteredSectionError } from './store/section-registry';

/**
 * Makes each section (a `@ConfigSection` class, a `defineSection` one) that `forRoot` was not
 * given injectable everywhere, as the error `get()` gives for it: a class that injects one fails
 * to start with "list it in the sections of ConfigCenterModule.forRoot() or forFeature()", naming
 * both, instead of Nest's "can't resolve dependencies". Where the section is registered (the
 * `forRoot` module, a `forFeature` module imported), Nest finds it there first: the declared
 * imports of a module come before the global ones.
 */
@Module({})
export class ConfigSectionHintModule {}

/**
 * The hint module for a `forRoot` given `registered`. Nest takes a promise of a dynamic module in
 * `imports` and awaits it when it scans the app: resolved after the files that import the module
 * have loaded, it covers section classes declared in files that load after the `forRoot()` call.
 */
export function sectionHintModule(registered: readonly Section[]): Promise<DynamicModule> {
  return Promise.resolve().then(() => {
    const unregistered = declaredSections()
      .filter(isSection)
      .filter((section) => !registered.includes(section));
    return { module: ConfigSectionHintModule, global: true, providers: unregistered.map(hintProvider), exports: unregistered.map(tokenOf) };
  });
}

/**
 * A provider of `section` that throws the hint for the class that injects it. Transient, so that it
 * is built once per class that injects it (and is told which, as `INQUIRER`), and once on its own,
 * which gives nothing.
 */
function hintProvider(section: Section): FactoryProvider {
  return {
    provide: tokenOf(section),
    scope: Scope.TRANSIENT,
    inject: [{ token: INQUIRER, optional: true }],
    useFactory: (inquirer: object | undefined) => {
      if (inquirer === undefined) return null;
      throw unregisteredSectionError(section, inquirer.constructor?.name);
    },
  };
}
