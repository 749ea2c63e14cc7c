import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt } from 'class-validator';
import { Registry } from 'prom-client';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, type ConfigSource } from '@config-center/core';
import { registerConfigCenterOpenTelemetry } from '@config-center/core/opentelemetry';
import { registerConfigCenterMetrics } from '@config-center/core/prometheus';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

/** The section a change lands in: validated on every swap, as an application's would be. */
@ConfigSection('bench')
export class MetricsBenchSection {
  @IsInt() value = 0;
  @IsInt() other = 0;
}

/** Which metrics an app exports: none, Prometheus (prom-client) or OpenTelemetry (the SDK's metrics). */
export type MetricsSide = 'off' | 'prometheus' | 'opentelemetry';

/** A booted app context, with the config's metrics on a registry or meter provider of its own, or without them. */
export interface MetricsBenchApp {
  readonly config: ConfigCenterService;
  /** The live view of the section: what application code reads. */
  readonly section: MetricsBenchSection;
  /** The registry the Prometheus metrics are on; undefined on the other sides. */
  readonly registry: Registry | undefined;
  close(): Promise<void>;
}

/**
 * Boots a Nest application context (logger off) serving `MetricsBenchSection` from `sources`, with
 * the config's metrics registered through the public `registerConfigCenterMetrics` on a fresh
 * registry, or `registerConfigCenterOpenTelemetry` (metrics only) on a fresh SDK meter provider
 * with an in-memory exporter that is never asked to export: several apps in one process share none.
 */
export async function startMetricsBenchApp(sources: ConfigSource[], side: MetricsSide): Promise<MetricsBenchApp> {
  class MetricsBenchModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources, sections: [MetricsBenchSection] })] })(MetricsBenchModule);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(MetricsBenchModule, { logger: false });
  const config = app.get(ConfigCenterService);
  const registry = side === 'prometheus' ? new Registry() : undefined;
  const meterProvider = side === 'opentelemetry' ? otelMeterProvider() : undefined;
  const registered =
    (registry && registerConfigCenterMetrics(config, { registry })) ??
    (meterProvider && registerConfigCenterOpenTelemetry(config, { meterProvider, traces: false }));
  return {
    config,
    section: app.get(MetricsBenchSection),
    registry,
    async close() {
      registered?.close();
      await meterProvider?.shutdown();
      await app.close();
    },
  };
}

function otelMeterProvider(): MeterProvider {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  return new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })] });
}
