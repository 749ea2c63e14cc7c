import { ConsoleLogger, Inject, Injectable, type LogLevel } from '@nestjs/common';
import { LiveLogLevels } from './live-log-levels.service';
import { LIVE_LOGGING_OPTIONS, type LiveLoggingOptions } from './live-logging.module-definition';

/**
 * Nest's `ConsoleLogger`, with its levels read from the live logging config on every call: the
 * default level, or the level of the line's context (`new Logger('OrdersService')` logs with the
 * context `OrdersService`). Install it as the application logger:
 *
 * ```ts
 * const app = await NestFactory.create(AppModule, { bufferLogs: true });
 * app.useLogger(app.get(LiveConsoleLogger));
 * app.flushLogs(); // the buffered lines now, so that a failed listen() is explained
 * ```
 */
@Injectable()
export class LiveConsoleLogger extends ConsoleLogger {
  /** Set while a line that the live levels allow is handed to `ConsoleLogger`, which checks again. */
  private admitted = false;

  constructor(
    protected readonly levels: LiveLogLevels,
    @Inject(LIVE_LOGGING_OPTIONS) options: LiveLoggingOptions,
  ) {
    super({ ...options.console });
  }

  /** Whether this logger writes `level` for its own context, by the live levels. */
  override isLevelEnabled(level: LogLevel): boolean {
    return this.admitted || this.levels.isEnabled(level, this.context);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('log', optionalParams, () => super.log(message, ...optionalParams));
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', optionalParams, () => super.error(message, ...optionalParams));
  }

  override warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', optionalParams, () => super.warn(message, ...optionalParams));
  }

  override debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', optionalParams, () => super.debug(message, ...optionalParams));
  }

  override verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('verbose', optionalParams, () => super.verbose(message, ...optionalParams));
  }

  override fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', optionalParams, () => super.fatal(message, ...optionalParams));
  }

  /** The context a call logs under, read the way `ConsoleLogger` reads it: a trailing string argument. */
  protected contextOf(optionalParams: readonly unknown[]): string | undefined {
    const last = optionalParams[optionalParams.length - 1];
    return typeof last === 'string' ? last : this.context;
  }

  private write(level: LogLevel, optionalParams: readonly unknown[], print: () => void): void {
    if (!this.levels.isEnabled(level, this.contextOf(optionalParams))) return;
    this.admitted = true;
    try {
      print();
    } finally {
      this.admitted = false;
    }
  }
}
