import type { LogLevel } from '@nestjs/common';
import { IsIn, ValidateBy, type ValidationOptions } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';
import { isLogLevel, LOG_LEVEL_ORDER } from './log-level-policy';

const LEVEL_LIST = LOG_LEVEL_ORDER.join(', ');

/**
 * Checks a map from logger context names to log levels, such as `{ OrdersService: 'verbose' }`.
 * The message names the first context whose level is not one of Nest's, never its value.
 *
 * @example
 * ```ts
 * @IsLogLevelMap() contexts: Record<string, LogLevel> = {};
 * ```
 */
export function IsLogLevelMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLogLevelMap',
      validator: {
        validate: (value: unknown) => isRecord(value) && firstInvalidContext(value) === undefined,
        defaultMessage: (args) => {
          const property = args?.property ?? 'contexts';
          if (!isRecord(args?.value)) return `${property} must be an object mapping context names to levels (${LEVEL_LIST})`;
          return `${property} must map each context to a level (${LEVEL_LIST}); '${firstInvalidContext(args.value)}' does not`;
        },
      },
    },
    options,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first context whose level is not one of Nest's. */
function firstInvalidContext(value: Record<string, unknown>): string | undefined {
  return Object.keys(value).find((context) => !isLogLevel(value[context]));
}

/**
 * The log levels of an application, at `logging` in the config tree: the minimum `level` of every
 * logger, and per-context overrides (the context is the name given to `new Logger(name)`, usually
 * the class name). An unknown level is rejected like any invalid config. Bind it to the logger with
 * `LiveLoggingModule`; bind another path by extending it: `@ConfigSection('ops.logging') class
 * OpsLogging extends LoggingConfig {}`.
 *
 * @example
 * ```yaml
 * logging:
 *   level: log
 *   contexts:
 *     OrdersService: verbose
 * ```
 */
@ConfigSection('logging')
export class LoggingConfig {
  /** The minimum level written by loggers without an override; default `log`. */
  @IsIn(LOG_LEVEL_ORDER) level: LogLevel = 'log';
  /** Per-context minimum levels, overriding `level`. */
  @IsLogLevelMap() contexts: Readonly<Record<string, LogLevel>> = {};
}
