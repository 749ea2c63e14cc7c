import { Module, type DynamicModule } from '@nestjs/common';
import { LiveConsoleLogger } from './live-console-logger';
import { LiveLogLevels } from './live-log-levels.service';
import { LiveLoggingConfigurableModule, type LiveLoggingOptions } from './live-logging.module-definition';

/**
 * Binds a logging section (`LoggingConfig` at `logging` by default) to the application's loggers,
 * following every applied change. Needs a global `ConfigCenterModule.forRoot()`; the section is
 * registered and validated on start, so an invalid level fails startup or is rejected later.
 *
 * @example
 * ```ts
 * @Module({ imports: [ConfigCenterModule.forRoot({ sources, isGlobal: true }), LiveLoggingModule.forRoot()] })
 * export class AppModule {}
 *
 * const app = await NestFactory.create(AppModule, { bufferLogs: true });
 * app.useLogger(app.get(LiveConsoleLogger));   // per-context levels, live
 * ```
 */
@Module({ providers: [LiveLogLevels, LiveConsoleLogger], exports: [LiveLogLevels, LiveConsoleLogger] })
export class LiveLoggingModule extends LiveLoggingConfigurableModule {
  /** The module with `options` (all optional); global unless `isGlobal: false`. */
  static override forRoot(options: LiveLoggingOptions & { isGlobal?: boolean } = {}): DynamicModule {
    return super.forRoot(options);
  }
}
