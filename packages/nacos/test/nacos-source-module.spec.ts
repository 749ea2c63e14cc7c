import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue } from '@config-center/core';
import { NacosConfigSource } from '@config-center/nacos';
import { NacosTestServer, waitFor } from '@config-center/testing/harness';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

@Injectable()
class OrdersService {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  constructor(readonly rate: RateLimitConfig) {}
}

const HOOK_MS = 20_000;

describe('NacosConfigSource in ConfigCenterModule (test server)', () => {
  let server: NacosTestServer;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    server = await NacosTestServer.start();
    server.publish('orders.yaml', 'rateLimit:\n  limit: 5\n  ttlMs: 1000\n');
    server.publish('shared.properties', 'rateLimit.ttlMs=2000\n', { group: 'SHARED' });
    const source = new NacosConfigSource({
      name: 'nacos',
      servers: [server.address],
      dataIds: ['orders.yaml', { dataId: 'shared.properties', group: 'SHARED' }],
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [RateLimitConfig] })],
      providers: [OrdersService],
    }).compile();
    await moduleRef.init();
  }, HOOK_MS);
  afterEach(async () => {
    await moduleRef.close();
    await server.stop();
  }, HOOK_MS);

  it('serves the dataIds merged in order, and a publish reaches @ConfigValue', async () => {
    const orders = moduleRef.get(OrdersService);
    expect([orders.limit, orders.rate.ttlMs]).toEqual([5, 2000]);
    server.publish('orders.yaml', 'rateLimit:\n  limit: 7\n  ttlMs: 1000\n');
    await waitFor(() => orders.limit === 7, 'the published limit');
    expect(orders.rate.ttlMs).toBe(2000);
  });

  it('quarantines an invalid publish on the last good value, and applies the fix', async () => {
    const orders = moduleRef.get(OrdersService);
    const service = moduleRef.get(ConfigCenterService);
    const errors: string[] = [];
    service.errors$.subscribe((error) => errors.push(error.message));
    server.publish('orders.yaml', 'rateLimit:\n  limit: -1\n');
    await waitFor(() => errors.length > 0, 'the rejection');
    expect(errors[0]).toContain('rateLimit.limit');
    expect(orders.limit).toBe(5);
    server.publish('orders.yaml', 'rateLimit:\n  limit: 9\n');
    await waitFor(() => orders.limit === 9, 'the fix');
  });
});
