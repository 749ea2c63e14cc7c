import { Inject, Injectable, Module, Optional, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigCenterService } from '../config-center.service';
import { PROMETHEUS_METRICS_REGISTERED } from '../observability/event-metrics';
import {
  registerConfigCenterOpenTelemetry,
  type ConfigCenterOpenTelemetry,
  type ConfigCenterOpenTelemetryOptions,
} from './config-center-telemetry';

const TELEMETRY_OPTIONS = Symbol('CONFIG_CENTER_OPENTELEMETRY_OPTIONS');

/** Registers the OpenTelemetry signals when the module starts and removes them when the app shuts down. */
@Injectable()
class ConfigCenterOpenTelemetryLifecycle implements OnModuleInit, OnApplicationShutdown {
  private telemetry?: ConfigCenterOpenTelemetry;

  constructor(
    @Inject(ConfigCenterService) private readonly config: ConfigCenterService,
    @Inject(TELEMETRY_OPTIONS) private readonly options: ConfigCenterOpenTelemetryOptions,
    @Optional() @Inject(PROMETHEUS_METRICS_REGISTERED) private readonly prometheus?: boolean,
  ) {}

  onModuleInit(): void {
    const metrics = this.options.metrics ?? !this.prometheus;
    this.telemetry = registerConfigCenterOpenTelemetry(this.config, { ...this.options, metrics });
  }

  onApplicationShutdown(): void {
    this.telemetry?.close();
    this.telemetry = undefined;
  }
}

/**
 * The config's OpenTelemetry signals through `@opentelemetry/api` (an optional peer, loaded only by
 * this entry point) and whatever SDK the app registers: a `config_center.apply` span event on each
 * swap, on the span active while its handlers run (one the library starts when none is recording),
 * and the config's metrics (`config_center.*`, see docs/guides/observability.md) on the global meter provider or a
 * given one — unless the app imports `ConfigCenterMetricsModule`, which serves them to prom-client
 * (then only with `metrics: true`). Needs a global `ConfigCenterModule`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigCenterModule.forRoot({ sources, sections, isGlobal: true }),
 *     ConfigCenterOpenTelemetryModule.forRoot(), // its metrics stay off when ConfigCenterMetricsModule is imported
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class ConfigCenterOpenTelemetryModule {
  static forRoot(options: ConfigCenterOpenTelemetryOptions = {}): DynamicModule {
    return {
      module: ConfigCenterOpenTelemetryModule,
      providers: [{ provide: TELEMETRY_OPTIONS, useValue: options }, ConfigCenterOpenTelemetryLifecycle],
    };
  }
}
