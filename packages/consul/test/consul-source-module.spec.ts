import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { BACKEND_NAME, HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import { consulSourceFor } from './support/watch-recorder';

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

describe(`ConsulConfigSource in ConfigCenterModule (${BACKEND_NAME})`, () => {
  let backend: ConsulBackend;
  let moduleRef: TestingModule;
  const key = (rest: string) => `${backend.prefix}${rest}`;

  beforeEach(async () => {
    backend = await startConsulBackend();
    await backend.writer.setMany({ [key('rateLimit/limit')]: '5', [key('rateLimit/ttlMs')]: '1000' });
    const source = consulSourceFor(backend, { name: 'consul', retry: { initialDelayMs: 50, maxDelayMs: 200 } });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [RateLimitConfig] })],
      providers: [OrdersService],
    }).compile();
    await moduleRef.init();
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    await moduleRef.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  it('serves the prefix as validated sections and @ConfigValue, swapping a transaction whole', async () => {
    const orders = moduleRef.get(OrdersService);
    const service = moduleRef.get(ConfigCenterService);
    expect([orders.limit, orders.rate.limit, orders.rate.ttlMs]).toEqual([5, 5, 1000]);
    const seen: [number, number][] = [];
    service.observe(RateLimitConfig).subscribe((rate) => seen.push([rate.limit, rate.ttlMs]));
    await backend.writer.setMany({ [key('rateLimit/limit')]: '7', [key('rateLimit/ttlMs')]: '2000' });
    await waitFor(() => orders.limit === 7, 'the new limit');
    expect(orders.rate.ttlMs).toBe(2000);
    expect(seen).toEqual([
      [5, 1000],
      [7, 2000],
    ]);
  });

  it('keeps the last good config on an invalid change, and applies the next valid one', async () => {
    const orders = moduleRef.get(OrdersService);
    const service = moduleRef.get(ConfigCenterService);
    const errors: string[] = [];
    service.errors$.subscribe((error) => errors.push(error.message));
    await backend.writer.put(key('rateLimit/limit'), '-1');
    await waitFor(() => errors.length > 0, 'the rejection');
    expect(errors[0]).toContain('rateLimit.limit');
    expect(orders.limit).toBe(5);
    await backend.writer.put(key('rateLimit/limit'), '9');
    await waitFor(() => orders.limit === 9, 'the valid change');
  });

  it('reports reconnecting in status() while the agent is out of reach, and connected after', async () => {
    const service = moduleRef.get(ConfigCenterService);
    await backend.cut();
    await waitFor(() => service.status().sources[0].state === 'reconnecting', 'reconnecting');
    expect(service.status()).toMatchObject({
      state: 'degraded',
      sources: [{ name: 'consul', lastError: { message: expect.stringContaining(backend.prefix) } }],
    });
    await backend.writer.put(key('rateLimit/limit'), '11');
    await backend.restore();
    await waitFor(() => service.status().sources[0].state === 'connected' && moduleRef.get(OrdersService).limit === 11, 'connected');
    expect(service.status().state).toBe('ready');
  });
});
