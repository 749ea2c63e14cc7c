import { Inject, Injectable, Logger, type LogLevel, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import { ConfigCenterService } from '@config-center/core';
import type { SectionType } from '@config-center/core';
import { LIVE_LOGGING_OPTIONS, type LiveLoggingOptions } from './live-logging.module-definition';
import { LogLevelPolicy, type LogLevelSettings } from './log-level-policy';
import { LoggingConfig } from './logging.config';

/**
 * The binding of the logging section to the application's loggers. It holds the policy of the
 * config being served — replaced on every applied change — for `LiveConsoleLogger` (or any logger
 * adapter) to ask on each call, and, unless `applyToNestLogger: false`, hands the default levels to
 * Nest's app-wide logger. An invalid level never gets here: the section rejects it, and the last
 * good levels stay.
 */
@Injectable()
export class LiveLogLevels implements OnModuleInit, OnApplicationShutdown {
  private readonly section: SectionType<LogLevelSettings & object>;
  private readonly policySubject: BehaviorSubject<LogLevelPolicy>;
  private subscription: Subscription | undefined;

  /** The policy now, then each new one. */
  readonly policy$: Observable<LogLevelPolicy>;

  constructor(
    private readonly config: ConfigCenterService,
    @Inject(LIVE_LOGGING_OPTIONS) private readonly options: LiveLoggingOptions,
  ) {
    this.section = options.section ?? LoggingConfig;
    this.policySubject = new BehaviorSubject(LogLevelPolicy.of(config.get(this.section)));
    this.policy$ = this.policySubject.asObservable();
  }

  /** The policy of the config being served. */
  get policy(): LogLevelPolicy {
    return this.policySubject.value;
  }

  /** Whether a line at `level` from the logger named `context` is written now. */
  isEnabled(level: LogLevel, context?: string): boolean {
    return this.policySubject.value.isEnabled(level, context);
  }

  onModuleInit(): void {
    this.subscription = this.config.observe(this.section).subscribe((settings) => this.apply(LogLevelPolicy.of(settings)));
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.policySubject.complete();
  }

  private apply(policy: LogLevelPolicy): void {
    this.policySubject.next(policy);
    if (this.options.applyToNestLogger ?? true) Logger.overrideLogger(policy.levels());
  }
}
