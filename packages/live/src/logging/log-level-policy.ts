import type { LogLevel } from '@nestjs/common';

/** Nest's log levels, from the most verbose to the most severe. */
export const LOG_LEVEL_ORDER: readonly LogLevel[] = Object.freeze(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']);

const RANKS: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(LOG_LEVEL_ORDER.map((level, rank) => [level, rank])));

/** Whether `value` names one of Nest's log levels. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.hasOwn(RANKS, value);
}

/** The rank of a level in `LOG_LEVEL_ORDER`: 0 for `verbose` up to 5 for `fatal`. */
export function logLevelRank(level: LogLevel): number {
  return RANKS[level];
}

/**
 * The levels a logger set to `minimum` writes, in the form Nest's `setLogLevels` and
 * `Logger.overrideLogger` take: `enabledLogLevels('debug')` is `['debug', 'log', 'warn', 'error', 'fatal']`.
 */
export function enabledLogLevels(minimum: LogLevel): LogLevel[] {
  return LOG_LEVEL_ORDER.slice(logLevelRank(minimum));
}

/** The shape `LogLevelPolicy.of` reads: a `LoggingConfig` or a section that extends it. */
export interface LogLevelSettings {
  readonly level: LogLevel;
  readonly contexts?: Readonly<Record<string, LogLevel>>;
}

/**
 * Which log lines to write, for one version of the logging config: a minimum level, and minimum
 * levels per logger context. Immutable; a change of config makes a new policy. `isEnabled` costs one
 * map lookup, so a logger may ask on every call.
 */
export class LogLevelPolicy {
  private constructor(
    private readonly minimum: number,
    private readonly byContext: ReadonlyMap<string, number>,
    /** The settings this policy was made from. */
    readonly settings: LogLevelSettings,
  ) {}

  /** The policy of a validated logging section. */
  static of(settings: LogLevelSettings): LogLevelPolicy {
    const contexts = Object.entries(settings.contexts ?? {}).map(([context, level]): [string, number] => [context, logLevelRank(level)]);
    return new LogLevelPolicy(logLevelRank(settings.level), new Map(contexts), settings);
  }

  /** Whether a line at `level` from a logger named `context` is written. */
  isEnabled(level: LogLevel, context?: string): boolean {
    const minimum = context === undefined ? this.minimum : (this.byContext.get(context) ?? this.minimum);
    return logLevelRank(level) >= minimum;
  }

  /** The levels written for `context` (or by default), as Nest's `setLogLevels` takes them. */
  levels(context?: string): LogLevel[] {
    const override = context === undefined ? undefined : this.settings.contexts?.[context];
    return enabledLogLevels(override ?? this.settings.level);
  }
}
