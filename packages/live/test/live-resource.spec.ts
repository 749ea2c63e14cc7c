import type { INestApplicationContext } from '@nestjs/common';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt, IsUrl, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { LiveResource, liveResourceProvider } from '@config-center/live';
import { waitFor } from '@config-center/testing/harness';
import { HttpClientPool, UpstreamServer } from './live-http.fixture';

@ConfigSection('upstream')
class UpstreamConfig {
  @IsUrl({ require_tld: false, protocols: ['http'] }) url = 'http://127.0.0.1:1';
  @IsInt() @Min(1) maxSockets = 8;
}

const POOL = Symbol('POOL');

/** One call through the live pool: which generation it leased, which upstream answered, or why it failed. */
interface CallRecord {
  readonly generation: number;
  /** The generation new calls got when this one finished. */
  readonly liveAtEnd: number;
  readonly server?: string;
  readonly failure?: string;
}

describe('LiveResource: an HTTP client pool moved between two upstreams under load', () => {
  let a: UpstreamServer;
  let b: UpstreamServer;
  let memory: MemoryConfigSource;
  let app: INestApplicationContext;
  let pools: HttpClientPool[];
  let pool: LiveResource<HttpClientPool, UpstreamConfig>;
  let logged: jest.SpyInstance;

  beforeEach(async () => {
    [a, b] = await Promise.all([UpstreamServer.start('a', 15), UpstreamServer.start('b', 15)]);
    memory = new MemoryConfigSource({ upstream: { url: a.url, maxSockets: 8 } });
    pools = [];
    const build = async (config: UpstreamConfig) => {
      const opened = await HttpClientPool.open(config);
      pools.push(opened);
      return opened;
    };
    @Module({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [UpstreamConfig], isGlobal: true })],
      providers: [liveResourceProvider(POOL, { name: 'upstream', config: UpstreamConfig, build, dispose: (opened) => opened.close() })],
    })
    class AppModule {}
    app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    await app.init();
    pool = app.get(POOL);
    logged = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(async () => {
    await app.close();
    await Promise.all([a.close(), b.close()]);
    logged.mockRestore();
  });

  /** `workers` loops of calls through the live pool until `stop()`; every call is recorded. */
  function load(workers: number) {
    const calls: CallRecord[] = [];
    let running = true;
    const loop = async () => {
      while (running) {
        const lease = pool.acquire();
        try {
          const { server } = await lease.resource.get('/work');
          calls.push({ generation: lease.generation, liveAtEnd: pool.stats().generation, server });
        } catch (error) {
          calls.push({ generation: lease.generation, liveAtEnd: pool.stats().generation, failure: (error as Error).message });
        } finally {
          lease.release();
        }
      }
    };
    const done = Promise.all(Array.from({ length: workers }, loop));
    return { calls, stop: () => ((running = false), done) };
  }

  it('builds the new pool first, sends new calls to it, lets calls in flight finish on the old one, then closes it', async () => {
    const traffic = load(16);
    await waitFor(() => traffic.calls.length >= 100, '100 calls on upstream a');
    memory.set('upstream.url', b.url);
    await waitFor(() => pools[0].closedAt !== undefined, 'the pool for a to be closed');
    await waitFor(() => traffic.calls.filter((call) => call.server === 'b').length >= 100, '100 calls on upstream b');
    await traffic.stop();

    expect(traffic.calls.filter((call) => call.failure)).toEqual([]);
    expect(traffic.calls.every((call) => call.server === (call.generation === 1 ? 'a' : 'b'))).toBe(true);
    const finishedOnOldAfterSwap = traffic.calls.filter((call) => call.generation === 1 && call.liveAtEnd === 2);
    expect(finishedOnOldAfterSwap.length).toBeGreaterThan(0);
    expect(finishedOnOldAfterSwap.every((call) => call.server === 'a')).toBe(true);
    expect(pools[0].closedAt).toBeGreaterThanOrEqual(pools[0].lastCompletionAt);
    expect(pools[0].inFlight).toBe(0);
    await waitFor(() => a.openConnections === 0, "a's connections to be closed");
    expect(pool.stats()).toEqual({ generation: 2, inFlight: 0, draining: 0, rebuilds: 1, failedBuilds: 0 });
  });

  it('keeps the old pool when the new one cannot be built, and reports why on errors$ and the log', async () => {
    const errors: ConfigErrorEvent[] = [];
    app.get(ConfigCenterService).errors$.subscribe((event) => errors.push(event));
    const closed = await UpstreamServer.start('gone');
    const deadUrl = closed.url;
    await closed.close();
    memory.set('upstream.url', deadUrl);
    await waitFor(() => pool.stats().failedBuilds === 1, 'the build failure');
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining(
        `Resource 'upstream' could not be rebuilt; the previous one stays in use: upstream ${deadUrl} does not answer`,
      ),
    );
    expect(errors).toMatchObject([{ kind: 'handler', source: 'resource:upstream' }]);
    expect(await pool.use((current) => current.get('/work'))).toMatchObject({ server: 'a' });
    expect(pool.stats()).toMatchObject({ generation: 1, failedBuilds: 1 });
    memory.set('upstream.url', b.url);
    await waitFor(() => pool.stats().generation === 2, 'the pool for b');
    expect(await pool.use((current) => current.get('/work'))).toMatchObject({ server: 'b' });
  });

  it('closes the pool in use when the application closes', async () => {
    await pool.use((current) => current.get('/work'));
    expect(a.openConnections).toBeGreaterThan(0);
    await app.close();
    expect(pools[0].closedAt).toBeDefined();
    await waitFor(() => a.openConnections === 0, "a's connections to be closed");
  });
});
