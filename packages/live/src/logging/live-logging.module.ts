import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigCenterModule } from '@config-center/core';
import { LiveConsoleLogger } from './live-console-logger';
import { LiveLogLevels } from './live-log-levels.service';
import { LiveLoggingConfigurableModule, type LiveLoggingOptions } from './live-logging.module-definition';
import { LoggingConfig } from './logging.config';

/**
 * Binds a logging section (`LoggingConfig` at `logging` by default) to the application's loggers,
 * following every applied change. Needs a global `ConfigCenterModule.forRoot()`; the section is
 * one of the app's sections (through `forFeature`), so an invalid level is handled at startup as
 * any section's (the cached value, quarantined, or a failed start) and rejected later.
 *
 * @example
 * ```ts
 * @Module({ imports: [ConfigCenterModule.forRoot({ sources, isGlobal: true }), LiveLoggingModule.forRoot()] })
 * export class AppModule {}
 *
 * const app = await NestFactory.create(AppModule, { bufferLogs: true });
 * app.useLogger(app.get(LiveConsoleLogger));   // per-context levels, live
 * app.flushLogs();                              // buffered lines now: a failed listen() is explained
 * ```
 */
@Module({ providers: [LiveLogLevels, LiveConsoleLogger], exports: [LiveLogLevels, LiveConsoleLogger] })
export class LiveLoggingModule extends LiveLoggingConfigurableModule {
  /** The module with `options` (all optional); global unless `isGlobal: false`. */
  static override forRoot(options: LiveLoggingOptions & { isGlobal?: boolean } = {}): DynamicModule {
    const module = super.forRoot(options);
    // The section is one of the app's before the first load, under the same startup rules as the others.
    const section = ConfigCenterModule.forFeature([options.section ?? LoggingConfig]);
    return { ...module, imports: [...(module.imports ?? []), section] };
  }
}
