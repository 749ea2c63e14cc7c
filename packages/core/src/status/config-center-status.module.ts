import { Controller, Module, UseGuards, type CanActivate, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { ConfigCenterStatusController } from './config-center-status.controller';

/** Where the status endpoint is mounted and who may read it. */
export interface ConfigCenterStatusModuleOptions {
  /** The route of the endpoint; default `config/status`. */
  readonly path?: string;
  /** The app's own guard (a `CanActivate` class), applied to the endpoint with `@UseGuards`. */
  readonly guard?: Type<CanActivate>;
  /** Modules that provide what the guard injects, when they are not global. */
  readonly imports?: ModuleMetadata['imports'];
}

/**
 * An endpoint that says which config this instance serves: `GET` answers a `ConfigStatusReport` —
 * the applied version, content hash and time, each source's state and revisions, its rejected
 * updates and last error (credentials redacted), the quarantined sections (paths and constraints)
 * and the keys no field declares. Never a config value. Needs a global `ConfigCenterModule`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigCenterModule.forRoot({ sources, sections, isGlobal: true }),
 *     ConfigCenterStatusModule.forRoot({ path: 'internal/config', guard: AdminGuard }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class ConfigCenterStatusModule {
  static forRoot(options: ConfigCenterStatusModuleOptions = {}): DynamicModule {
    // A class per call: the route and guard are metadata of the class, so two mounts never share them.
    class ConfigStatusController extends ConfigCenterStatusController {}
    Controller(options.path ?? 'config/status')(ConfigStatusController);
    if (options.guard) UseGuards(options.guard)(ConfigStatusController);
    return { module: ConfigCenterStatusModule, imports: options.imports ?? [], controllers: [ConfigStatusController] };
  }
}
