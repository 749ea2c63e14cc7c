import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue } from '@config-center/core';
import { waitFor, ZooKeeperServer } from '@config-center/testing/harness';
import { ZooKeeperConfigSource } from '@config-center/zookeeper';
import { HOOK_TIMEOUT_MS, ZooKeeperWriter } from './support/zookeeper-writer';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

@ConfigSection('deep')
class DeepConfig {
  @IsString() name = 'none';
}

@Injectable()
class OrdersService {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  constructor(readonly rate: RateLimitConfig) {}
}

let roots = 0;

describe('ZooKeeperConfigSource in ConfigCenterModule (real ZooKeeper)', () => {
  let server: ZooKeeperServer;
  let writer: ZooKeeperWriter;
  let moduleRef: TestingModule;
  let ROOT: string;

  beforeAll(async () => {
    server = await ZooKeeperServer.start();
    writer = await ZooKeeperWriter.connect(server.connectString);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    writer?.close();
    await server?.close();
  }, HOOK_TIMEOUT_MS);

  beforeEach(async () => {
    ROOT = `/configs/orders/run${++roots}`;
    await writer.set(`${ROOT}/rateLimit/limit`, '5');
    await writer.set(`${ROOT}/rateLimit/ttlMs`, '1000');
    const source = new ZooKeeperConfigSource({ connect: server.connectString, root: ROOT, sessionTimeoutMs: 4000 });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [RateLimitConfig, DeepConfig] })],
      providers: [OrdersService],
    }).compile();
    await moduleRef.init();
  }, HOOK_TIMEOUT_MS);
  afterEach(() => moduleRef?.close(), HOOK_TIMEOUT_MS);

  it('loads the subtree and follows a set to @ConfigValue', async () => {
    const orders = moduleRef.get(OrdersService);
    expect([orders.limit, orders.rate.limit, orders.rate.ttlMs]).toEqual([5, 5, 1000]);
    await writer.set(`${ROOT}/rateLimit/limit`, '7');
    await waitFor(() => orders.limit === 7, 'the new limit', 10_000);
    await writer.set(`${ROOT}/rateLimit/limit`, '8');
    await waitFor(() => orders.limit === 8, 'a second set (the watch was re-armed)', 10_000);
  }, 60_000);

  it('sees a child added and removed deep below the root', async () => {
    const service = moduleRef.get(ConfigCenterService);
    await writer.set(`${ROOT}/nested/a/b/c/name`, 'x');
    await waitFor(() => service.get<string>('nested.a.b.c.name', 'none') === 'x', 'the deep child', 10_000);
    await writer.set(`${ROOT}/deep/name`, 'shallow');
    await waitFor(() => service.get(DeepConfig).name === 'shallow', 'a new child of the root', 10_000);
    await writer.remove(`${ROOT}/nested/a/b/c/name`);
    await waitFor(() => service.get<string>('nested.a.b.c.name', 'gone') === 'gone', 'the removal', 10_000);
    expect(service.get('nested', 'no folder')).toBe('no folder');
    expect(service.get(DeepConfig).name).toBe('shallow');
  }, 60_000);

  it('says reconnecting in status() while the server is down, and ready once it serves again', async () => {
    const service = moduleRef.get(ConfigCenterService);
    await server.stop();
    await waitFor(() => service.status().sources[0].state === 'reconnecting', 'reconnecting', 10_000);
    expect(service.status().state).toBe('degraded');
    await server.begin();
    // The writer's client may have reconnected into the starting server and hang: use a new one.
    writer.close();
    writer = await ZooKeeperWriter.connect(server.connectString);
    await writer.set(`${ROOT}/rateLimit/limit`, '12');
    await waitFor(() => moduleRef.get(OrdersService).limit === 12, 'the write after the restart', 30_000);
    await waitFor(() => service.status().state === 'ready', 'ready', 10_000);
    expect(service.status().sources[0].state).toBe('connected');
  }, 90_000);

  it('never shows a torn state across 1,000 two-node multi() writes', async () => {
    const service = moduleRef.get(ConfigCenterService);
    await writer.multiSet({ [`${ROOT}/rateLimit/limit`]: '1', [`${ROOT}/rateLimit/ttlMs`]: '1000' });
    await waitFor(() => service.get(RateLimitConfig).limit === 1, 'the first multi', 10_000);
    const torn: string[] = [];
    let samples = 0;
    const sampler = setInterval(() => {
      const { limit, ttlMs } = service.get(RateLimitConfig);
      samples++;
      if (ttlMs !== limit * 1000) torn.push(`${limit}/${ttlMs}`);
    }, 0);
    for (let i = 2; i <= 1000; i++) {
      await writer.multiSet({ [`${ROOT}/rateLimit/limit`]: String(i), [`${ROOT}/rateLimit/ttlMs`]: String(i * 1000) });
    }
    await waitFor(() => service.get(RateLimitConfig).limit === 1000, 'the last multi', 30_000);
    clearInterval(sampler);
    expect(samples).toBeGreaterThan(100);
    expect(torn).toEqual([]);
  }, 120_000);
});
