import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigCenterService } from '../config-center.service';
import { PROMETHEUS_METRICS_REGISTERED } from '../observability/event-metrics';
import { registerConfigCenterMetrics, type ConfigCenterMetrics, type ConfigCenterMetricsOptions } from './config-center-metrics';

const METRICS_OPTIONS = Symbol('CONFIG_CENTER_METRICS_OPTIONS');

/** Registers the metrics when the module starts and removes them when the app shuts down. */
@Injectable()
class ConfigCenterMetricsLifecycle implements OnModuleInit, OnApplicationShutdown {
  private metrics?: ConfigCenterMetrics;

  constructor(
    @Inject(ConfigCenterService) private readonly config: ConfigCenterService,
    @Inject(METRICS_OPTIONS) private readonly options: ConfigCenterMetricsOptions,
  ) {}

  onModuleInit(): void {
    this.metrics = registerConfigCenterMetrics(this.config, this.options);
  }

  onApplicationShutdown(): void {
    this.metrics?.close();
    this.metrics = undefined;
  }
}

/**
 * The config's Prometheus metrics (`config_center_*`, see docs/guides/observability.md) on prom-client's global
 * registry — the one `@willsoto/nestjs-prometheus` serves — or on `options.registry`. Needs a global
 * `ConfigCenterModule`; `prom-client` is an optional peer, loaded only by this entry point. With it,
 * `ConfigCenterOpenTelemetryModule` leaves the metrics to prom-client unless told `metrics: true`.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     ConfigCenterModule.forRoot({ sources, sections, isGlobal: true }),
 *     PrometheusModule.register(),
 *     ConfigCenterMetricsModule.forRoot(),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class ConfigCenterMetricsModule {
  static forRoot(options: ConfigCenterMetricsOptions = {}): DynamicModule {
    return {
      module: ConfigCenterMetricsModule,
      global: true,
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        { provide: PROMETHEUS_METRICS_REGISTERED, useValue: true },
        ConfigCenterMetricsLifecycle,
      ],
      exports: [PROMETHEUS_METRICS_REGISTERED],
    };
  }
}
