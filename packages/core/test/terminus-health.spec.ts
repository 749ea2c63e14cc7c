import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { ConfigCenterModule, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { ConfigCenterHealthIndicator } from '@config-center/core/terminus';
import { waitFor } from '@config-center/testing/harness';
import { IsInt, IsString, Min } from 'class-validator';
import { ControlledSource } from './support/controlled-source';

@ConfigSection('limits')
class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
  @IsString() token = '';
}

const SECRET = 'tok-hunter2-never-shown';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly config: ConfigCenterHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.config.isHealthy('config')]);
  }

  @Get('strict')
  @HealthCheck()
  strict() {
    return this.health.check([() => this.config.isHealthy('config', { downWhen: ['failed', 'quarantined'] })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.config.isReady('config')]);
  }
}

/** An app with a terminus health endpoint over a memory source and a remote stand-in the test controls. */
async function startApp(memory: MemoryConfigSource, remote: ControlledSource) {
  @Module({
    imports: [
      ConfigCenterModule.forRoot({
        sources: [memory, remote],
        sections: [LimitsConfig],
        failFast: false,
        isGlobal: true,
        startupTimeoutMs: 500,
      }),
      TerminusModule.forRoot({ logger: false }),
    ],
    controllers: [HealthController],
    providers: [ConfigCenterHealthIndicator],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: JSON.parse(text) as { status: string; details: Record<string, Record<string, unknown>> },
    };
  };
  return { app, get };
}

describe('ConfigCenterHealthIndicator in a terminus HealthCheckService endpoint', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is up while every source is connected, up and degraded (HTTP 200) with details on a quarantine, up again once released', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5, token: SECRET } });
    const started = await startApp(memory, new ControlledSource('remote'));
    app = started.app;
    const up = await started.get('/health');
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', details: { config: { status: 'up', state: 'ready', version: 1 } } } });
    expect(up.body.details.config.reason).toBeUndefined();
    expect(up.body.details.config.hash).toMatch(/^[0-9a-f]{16}$/);

    memory.set('limits.limit', -991);
    const degraded = await started.get('/health');
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({
      status: 'ok',
      details: {
        config: {
          status: 'up',
          state: 'degraded',
          reason: 'quarantined',
          quarantined: [
            { section: 'limits', source: 'memory', issues: [{ path: 'limits.limit', constraints: { min: expect.any(String) } }] },
          ],
        },
      },
    });
    expect((await started.get('/health/strict')).status).toBe(503);
    for (const text of [degraded.text, (await started.get('/health/strict')).text]) {
      expect(text).not.toContain('991');
      expect(text).not.toContain(SECRET);
    }

    memory.set('limits.limit', 6);
    expect(await started.get('/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', details: { config: { status: 'up', state: 'ready', version: 2 } } },
    });
    expect((await started.get('/health/strict')).status).toBe(200);
  });

  it('reports a failed or reconnecting source as degraded, down only where downWhen names it, and ready once a config applied', async () => {
    const remote = new ControlledSource('remote', { limits: { limit: 3 } });
    remote.mode = 'down';
    const started = await startApp(new MemoryConfigSource({ limits: { limit: 5 } }), remote);
    app = started.app;
    const failed = await started.get('/health');
    expect(failed).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        details: { config: { status: 'up', state: 'degraded', reason: 'failed', sources: [{ name: 'remote', state: 'failed' }] } },
      },
    });
    expect(failed.body.details.config.sources).toEqual([
      expect.objectContaining({ lastError: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }) }),
    ]);
    expect(await started.get('/health/strict')).toMatchObject({
      status: 503,
      body: { status: 'error', details: { config: { status: 'down', reason: 'failed' } } },
    });
    expect(await started.get('/health/ready')).toMatchObject({ status: 200, body: { details: { config: { status: 'up', version: 1 } } } });

    remote.mode = 'up';
    await waitFor(async () => (await started.get('/health')).body.details.config.state === 'ready', 'the retried load to connect');
    expect(await started.get('/health')).toMatchObject({ status: 200, body: { status: 'ok', details: { config: { version: 2 } } } });
    remote.emit({ kind: 'state', state: 'reconnecting', error: new Error('watch lost') });
    const reconnecting = await started.get('/health/strict');
    expect(reconnecting).toMatchObject({
      status: 200,
      body: { status: 'ok', details: { config: { state: 'degraded', reason: 'reconnecting' } } },
    });
  });
});
