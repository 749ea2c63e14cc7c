import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Registry, register } from 'prom-client';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSection,
  ConfigSourceError,
  MemoryConfigSource,
  OnConfigChange,
} from '@config-center/core';
import { ConfigCenterMetricsModule } from '@config-center/core/prometheus';
import { checkMetricsWithPromtool, waitFor } from '@config-center/testing/harness';
import { IsInt, IsString, Min } from 'class-validator';
import { ControlledSource } from './support/controlled-source';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
  @IsString() token = '';
}

const SECRET = 'tok-hunter2-never-shown';

/** A change handler with a bug: each change of the limits throws. */
@Injectable()
class FaultyLimitsHandler {
  @OnConfigChange(LimitsConfig)
  resize(): void {
    throw new Error('handler bug');
  }
}

/** An app with the metrics on `registry` (or prom-client's global one) over a memory source and a remote stand-in. */
async function startApp(memory: MemoryConfigSource, remote: ControlledSource, registry?: Registry, serve = false, faulty = false) {
  @Module({
    providers: faulty ? [FaultyLimitsHandler] : [],
    imports: [
      ConfigCenterModule.forRoot({ sources: [memory, remote], sections: [LimitsConfig], failFast: false, isGlobal: true }),
      ...(serve ? [PrometheusModule.register({ defaultMetrics: { enabled: false } })] : []),
      ConfigCenterMetricsModule.forRoot({ registry }),
    ],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** The value of one sample of a scrape, by name and labels; undefined when there is none. */
async function sample(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const values = (await registry.getMetricsAsJSON()).flatMap((metric) =>
    metric.values.map((value) => ({ ...value, name: (value as { metricName?: string }).metricName ?? metric.name })),
  );
  const match = values.find(
    (value) => value.name === name && Object.entries(labels).every(([label, text]) => String(value.labels[label]) === text),
  );
  return match?.value;
}

describe('Prometheus metrics of the config (ConfigCenterMetricsModule)', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('reflect a change, a rejection, a quarantine and its release, an outage and recovery on a bare registry', async () => {
    const registry = new Registry();
    const memory = new MemoryConfigSource({ limits: { limit: 5, token: SECRET } });
    const remote = new ControlledSource('remote');
    app = await startApp(memory, remote, registry);
    const remoteSource = { source: 'remote' };
    const memorySource = { source: 'memory' };
    expect(await sample(registry, 'config_center_last_apply_success')).toBe(1);
    expect(await sample(registry, 'config_center_source_state', { ...remoteSource, state: 'connected' })).toBe(1);
    expect(await sample(registry, 'config_center_source_state', { ...remoteSource, state: 'reconnecting' })).toBe(0);
    expect(await sample(registry, 'config_center_source_reconnects_total', remoteSource)).toBe(0);
    expect(await sample(registry, 'config_center_applies_total', memorySource)).toBe(0);
    const { version, hash } = app.get(ConfigCenterService).status();
    expect(await sample(registry, 'config_center_info', { version: String(version), hash: hash! })).toBe(1);

    memory.set('limits.limit', 6);
    await waitFor(async () => (await sample(registry, 'config_center_applies_total', memorySource)) === 1, 'the change to count');
    expect(await sample(registry, 'config_center_info', { version: String(version + 1) })).toBe(1);
    expect(await sample(registry, 'config_center_source_revision', memorySource)).toBe(1);
    expect(await sample(registry, 'config_center_apply_duration_seconds_count')).toBe(1);
    expect(await sample(registry, 'config_center_last_apply_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);

    memory.set('limits.limit', -4242);
    await waitFor(async () => (await sample(registry, 'config_center_quarantined_sections')) === 1, 'the quarantine');
    expect(await sample(registry, 'config_center_rejections_total', { ...memorySource, kind: 'validation' })).toBe(1);
    expect(await sample(registry, 'config_center_last_apply_success')).toBe(0);
    expect(await sample(registry, 'config_center_applies_total', memorySource)).toBe(1);

    // The release returns to content seen before (limit 6): success is 1 again all the same.
    memory.set('limits.limit', 6);
    await waitFor(async () => (await sample(registry, 'config_center_quarantined_sections')) === 0, 'the release');
    expect(await sample(registry, 'config_center_last_apply_success')).toBe(1);

    remote.emit({ kind: 'state', state: 'reconnecting', error: new Error('connection reset') });
    await waitFor(
      async () => (await sample(registry, 'config_center_source_state', { ...remoteSource, state: 'reconnecting' })) === 1,
      'the outage',
    );
    expect(await sample(registry, 'config_center_source_state', { ...remoteSource, state: 'connected' })).toBe(0);
    expect(await sample(registry, 'config_center_source_reconnects_total', remoteSource)).toBe(1);
    remote.emit({ kind: 'state', state: 'connected' });
    await waitFor(
      async () => (await sample(registry, 'config_center_source_state', { ...remoteSource, state: 'connected' })) === 1,
      'the recovery',
    );
    expect(await sample(registry, 'config_center_source_reconnects_total', remoteSource)).toBe(1);
    // A second outage, over before the next scrape: the counter says 2, as the source's status does.
    remote.emit({ kind: 'state', state: 'reconnecting', error: new Error('connection reset') });
    remote.emit({ kind: 'state', state: 'connected' });
    expect(await sample(registry, 'config_center_source_reconnects_total', remoteSource)).toBe(2);
    const remoteStatus = app
      .get(ConfigCenterService)
      .status()
      .sources.find((s) => s.name === 'remote');
    expect(remoteStatus).toMatchObject({ state: 'connected', reconnects: 2 });

    const scrape = await registry.metrics();
    expect(scrape).not.toContain('4242');
    expect(scrape).not.toContain(SECRET);
    await checkMetricsWithPromtool(scrape);
  });

  it('count rejections of every kind: parse, validation, a failing source and a throwing change handler', async () => {
    const registry = new Registry();
    const memory = new MemoryConfigSource({ limits: { limit: 5 } });
    const remote = new ControlledSource('remote');
    app = await startApp(memory, remote, registry, false, true);
    const rejections = (source: string, kind: string) => sample(registry, 'config_center_rejections_total', { source, kind });
    for (const kind of ['parse', 'validation', 'source', 'handler']) expect(await rejections('remote', kind)).toBe(0);

    memory.set('limits.limit', 7);
    await waitFor(async () => (await rejections('FaultyLimitsHandler.resize', 'handler')) === 1, 'the handler failure to count');
    expect(await sample(registry, 'config_center_applies_total', { source: 'memory' })).toBe(1);

    remote.emit({ kind: 'error', error: new ConfigSourceError('remote', 'watch failed: etcdserver: request timed out', true) });
    await waitFor(async () => (await rejections('remote', 'source')) === 1, 'the source failure to count');
    remote.emit({ kind: 'replace', tree: { limits: JSON.parse('{"__proto__": {"limit": 3}}') as object }, revision: '2' });
    await waitFor(async () => (await rejections('remote', 'parse')) === 1, 'the parse rejection to count');
    remote.emit({ kind: 'replace', tree: { limits: { limit: -1 } }, revision: '3' });
    await waitFor(async () => (await rejections('remote', 'validation')) === 1, 'the validation rejection to count');
    expect(await rejections('remote', 'source')).toBe(1);
    expect(await rejections('FaultyLimitsHandler.resize', 'handler')).toBe(1);
    await checkMetricsWithPromtool(await registry.metrics());
  });

  it('are served by @willsoto/nestjs-prometheus from the global registry, pass promtool, and are gone after app.close()', async () => {
    app = await startApp(new MemoryConfigSource({ limits: { limit: 5 } }), new ControlledSource('remote'), undefined, true);
    const response = await fetch(`${await app.getUrl()}/metrics`);
    const scrape = await response.text();
    expect(response.status).toBe(200);
    expect(scrape).toMatch(/^config_center_last_apply_success 1$/m);
    expect(scrape).toMatch(/^# HELP config_center_apply_duration_seconds /m);
    expect(scrape).toMatch(/^config_center_source_state\{source="remote",state="connected"\} 1$/m);
    await checkMetricsWithPromtool(scrape);
    await app.close();
    app = undefined;
    expect(await register.metrics()).not.toContain('config_center_');
  });

  it('promtool finds a badly named metric: the check can fail', async () => {
    await expect(
      checkMetricsWithPromtool('# HELP config_center_total_x x\n# TYPE config_center_total_x counter\nconfig_center_total_x 1\n'),
    ).rejects.toThrow(/promtool check metrics failed/);
  });
});
