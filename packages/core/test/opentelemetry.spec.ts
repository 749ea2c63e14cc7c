import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, metrics, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigCenterModule, ConfigSection, MemoryConfigSource, OnConfigChange } from '@config-center/core';
import { APPLY_EVENT, ConfigCenterOpenTelemetryModule, type ConfigCenterOpenTelemetryOptions } from '@config-center/core/opentelemetry';
import { ConfigCenterMetricsModule } from '@config-center/core/prometheus';
import { Registry } from 'prom-client';
import { waitFor } from '@config-center/testing/harness';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
  @IsString() token = '';
}

@ConfigSection('banner')
class BannerConfig {
  @IsString() text = 'hello';
}

const SECRET = 'tok-hunter2-never-shown';

/** Records, for each change of the limits, the span active while the handler ran; throws when told to. */
@Injectable()
class LimitsWatcher {
  readonly activeSpans: (Span | undefined)[] = [];
  failNext = false;

  @OnConfigChange(LimitsConfig)
  resize(): void {
    this.activeSpans.push(trace.getActiveSpan());
    if (this.failNext) {
      this.failNext = false;
      throw new Error('resize failed');
    }
  }
}

const spans = new InMemorySpanExporter();
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const meterProvider = new MeterProvider({ readers: [reader] });

/** An app on `memory` with the OpenTelemetry module; with `prometheus`, the Prometheus metrics module on that registry too. */
async function startApp(memory: MemoryConfigSource, options?: ConfigCenterOpenTelemetryOptions, prometheus?: Registry) {
  @Module({
    imports: [
      ConfigCenterModule.forRoot({ sources: [memory], sections: [LimitsConfig, BannerConfig], isGlobal: true }),
      ConfigCenterOpenTelemetryModule.forRoot(options),
      ...(prometheus ? [ConfigCenterMetricsModule.forRoot({ registry: prometheus })] : []),
    ],
    providers: [LimitsWatcher],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.init();
  return app;
}

/** Every data point of the last collection, by instrument name. */
async function collect(): Promise<Map<string, DataPoint<number | Histogram>[]>> {
  metricExporter.reset();
  await reader.forceFlush();
  const points = new Map<string, DataPoint<number | Histogram>[]>();
  for (const resource of metricExporter.getMetrics())
    for (const scope of resource.scopeMetrics)
      for (const metric of scope.metrics) points.set(metric.descriptor.name, metric.dataPoints as DataPoint<number | Histogram>[]);
  return points;
}

/** The value of the data point of `name` whose attributes include `attributes`. */
async function valueOf(name: string, attributes: Record<string, string> = {}): Promise<number | Histogram | undefined> {
  const points = (await collect()).get(name) ?? [];
  return points.find((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value))?.value;
}

/** Every attribute value of every span, span event and data point, as text. */
async function everyAttributeText(): Promise<string> {
  const finished = spans.getFinishedSpans();
  const attributes = [
    ...finished.map((span) => span.attributes),
    ...finished.flatMap((span) => span.events.map((event) => event.attributes ?? {})),
    ...[...(await collect()).values()].flat().map((point) => point.attributes),
  ];
  return JSON.stringify(attributes);
}

describe('OpenTelemetry signals of the config (ConfigCenterOpenTelemetryModule)', () => {
  let app: INestApplication | undefined;
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
  });
  afterAll(async () => {
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
    metrics.disable();
    trace.disable();
    context.disable();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    spans.reset();
  });

  it('a change: the handlers run in a span with the config_center.apply event; the counters count it', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5, token: SECRET }, banner: { text: 'hi' } });
    app = await startApp(memory);
    const watcher = app.get(LimitsWatcher);
    expect(await valueOf('config_center.applies', { source: 'memory' })).toBe(0);
    expect(await valueOf('config_center.info', { version: '1' })).toBe(1);

    memory.set('limits.limit', 4242);
    await waitFor(() => watcher.activeSpans.length === 1, 'the handler to run');
    const [span] = spans.getFinishedSpans();
    expect(span.name).toBe(APPLY_EVENT);
    expect(watcher.activeSpans[0]?.spanContext().spanId).toBe(span.spanContext().spanId);
    expect(span.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        APPLY_EVENT,
        { 'config_center.version': 2, 'config_center.sources': ['memory'], 'config_center.changed_sections': ['LimitsConfig'] },
      ],
    ]);

    expect(await valueOf('config_center.applies', { source: 'memory' })).toBe(1);
    expect(await valueOf('config_center.info', { version: '2' })).toBe(1);
    expect(await valueOf('config_center.source.state', { source: 'memory', state: 'connected' })).toBe(1);
    expect(await valueOf('config_center.source.reconnects', { source: 'memory' })).toBe(0);
    expect(await valueOf('config_center.last_apply.success')).toBe(1);
    expect(((await valueOf('config_center.apply.duration')) as Histogram).count).toBe(1);
    const text = await everyAttributeText();
    expect(text).not.toContain('4242');
    expect(text).not.toContain(SECRET);
  });

  it('a change made inside a recording span puts the event on that span, and starts none of its own', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5 } });
    app = await startApp(memory);
    const watcher = app.get(LimitsWatcher);
    const tracer = trace.getTracer('test');
    tracer.startActiveSpan('PUT /admin/limits', (request) => {
      memory.set('limits.limit', 6);
      request.end();
    });
    await waitFor(() => watcher.activeSpans.length === 1, 'the handler to run');
    const finished = spans.getFinishedSpans();
    expect(finished.map((span) => span.name)).toEqual(['PUT /admin/limits']);
    expect(watcher.activeSpans[0]?.spanContext().spanId).toBe(finished[0].spanContext().spanId);
    expect(finished[0].events.map((event) => event.name)).toEqual([APPLY_EVENT]);
    expect(finished[0].events[0].attributes?.['config_center.changed_sections']).toEqual(['LimitsConfig']);
  });

  it('rejections are counted with their kind: validation and a throwing handler; no value in any attribute', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5, token: SECRET } });
    app = await startApp(memory);
    const watcher = app.get(LimitsWatcher);
    memory.set('limits.limit', -4242);
    await waitFor(async () => (await valueOf('config_center.rejections', { source: 'memory', kind: 'validation' })) === 1, 'the rejection');
    expect(await valueOf('config_center.quarantined_sections')).toBe(1);
    expect(await valueOf('config_center.last_apply.success')).toBe(0);
    expect(await valueOf('config_center.applies', { source: 'memory' })).toBe(0);
    expect(spans.getFinishedSpans()).toEqual([]);

    watcher.failNext = true;
    memory.set('limits.limit', 7);
    const handler = { source: 'LimitsWatcher.resize', kind: 'handler' };
    await waitFor(async () => (await valueOf('config_center.rejections', handler)) === 1, 'the handler failure');
    expect(await valueOf('config_center.quarantined_sections')).toBe(0);
    const text = await everyAttributeText();
    expect(text).not.toContain('4242');
    expect(text).not.toContain(SECRET);
  });

  it('metrics: false leaves the metrics out and keeps the span event; app.close() removes both', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5 } });
    app = await startApp(memory, { metrics: false });
    // The SDK keeps the instruments and last values of the apps before this one (one meter per process): none moves.
    const durations = async () => ((await valueOf('config_center.apply.duration')) as Histogram | undefined)?.count;
    const before = await durations();
    memory.set('limits.limit', 8);
    await waitFor(() => spans.getFinishedSpans().length === 1, 'the span');
    expect(await durations()).toBe(before);
    await app.close();
    app = undefined;
    memory.set('limits.limit', 9);
    expect(spans.getFinishedSpans()).toHaveLength(1);
  });

  it('with ConfigCenterMetricsModule in the app, the metrics go to prom-client only, unless metrics: true', async () => {
    const durations = async () => ((await valueOf('config_center.apply.duration')) as Histogram | undefined)?.count ?? 0;
    const appliesIn = async (registry: Registry) => (await registry.getSingleMetric('config_center_applies_total')?.get())?.values;
    const memory = new MemoryConfigSource({ limits: { limit: 5 } });
    const registry = new Registry();
    app = await startApp(memory, {}, registry);
    const before = await durations();
    memory.set('limits.limit', 8);
    await waitFor(() => spans.getFinishedSpans().length === 1, 'the span');
    expect(await durations()).toBe(before);
    expect(await appliesIn(registry)).toEqual([expect.objectContaining({ value: 1 })]);
    await app.close();

    const again = new MemoryConfigSource({ limits: { limit: 5 } });
    const both = new Registry();
    app = await startApp(again, { metrics: true }, both);
    again.set('limits.limit', 9);
    await waitFor(() => spans.getFinishedSpans().length === 2, 'the second span');
    expect(await durations()).toBe(before + 1);
    expect(await appliesIn(both)).toEqual([expect.objectContaining({ value: 1 })]);
  });
});
