import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt } from 'class-validator';
import { Registry } from 'prom-client';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, type ConfigSource } from '@config-center/core';
import { registerConfigCenterMetrics, type ConfigCenterMetrics } from '@config-center/core/prometheus';

/** The section a change lands in: validated on every swap, as an application's would be. */
@ConfigSection('bench')
export class MetricsBenchSection {
  @IsInt() value = 0;
  @IsInt() other = 0;
}

/** A booted app context, with the config's Prometheus metrics on a registry of its own or without them. */
export interface MetricsBenchApp {
  readonly config: ConfigCenterService;
  /** The live view of the section: what application code reads. */
  readonly section: MetricsBenchSection;
  /** The registry the metrics are on; undefined with metrics off. */
  readonly registry: Registry | undefined;
  close(): Promise<void>;
}

/**
 * Boots a Nest application context (logger off) serving `MetricsBenchSection` from `sources`; with
 * `metrics`, registers the config's metrics through the public `registerConfigCenterMetrics` on a
 * fresh registry, so several apps in one process never share one.
 */
export async function startMetricsBenchApp(sources: ConfigSource[], metrics: boolean): Promise<MetricsBenchApp> {
  class MetricsBenchModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources, sections: [MetricsBenchSection] })] })(MetricsBenchModule);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(MetricsBenchModule, { logger: false });
  const config = app.get(ConfigCenterService);
  const registry = metrics ? new Registry() : undefined;
  const registered: ConfigCenterMetrics | undefined = registry && registerConfigCenterMetrics(config, { registry });
  return {
    config,
    section: app.get(MetricsBenchSection),
    registry,
    async close() {
      registered?.close();
      await app.close();
    },
  };
}
