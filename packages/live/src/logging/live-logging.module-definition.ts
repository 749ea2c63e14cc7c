import { ConfigurableModuleBuilder, type ConsoleLoggerOptions } from '@nestjs/common';
import type { SectionType } from '@config-center/core';
import type { LogLevelSettings } from './log-level-policy';

/** Options of `LiveLoggingModule.forRoot`. */
export interface LiveLoggingOptions {
  /** The section that holds the levels; default `LoggingConfig` (at `logging`). */
  readonly section?: SectionType<LogLevelSettings & object>;
  /**
   * On start and on every change, also hand the default levels to Nest's app-wide logger with
   * `Logger.overrideLogger(levels)` — which calls `setLogLevels` of whatever logger the app uses,
   * Nest's `ConsoleLogger` or another `LoggerService`. Default true.
   */
  readonly applyToNestLogger?: boolean;
  /** Options of the `LiveConsoleLogger` (`json`, `colors`, `prefix`, `timestamp`, …); its `logLevels` are ignored. */
  readonly console?: ConsoleLoggerOptions;
}

/** `LiveLoggingModule`'s base class and the DI token of its options. */
export const { ConfigurableModuleClass: LiveLoggingConfigurableModule, MODULE_OPTIONS_TOKEN: LIVE_LOGGING_OPTIONS } =
  new ConfigurableModuleBuilder<LiveLoggingOptions>({ moduleName: 'LiveLogging' })
    .setClassMethodName('forRoot')
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build();
