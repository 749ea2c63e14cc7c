import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerAsyncOptions, ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import { IsInt, Min } from 'class-validator';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { liveThrottler, liveThrottlerDefinition } from './live-throttler';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

describe('liveThrottler', () => {
  const context = {} as ExecutionContext;
  let moduleRef: TestingModule;
  let memory: MemoryConfigSource;
  let config: ConfigCenterService;

  beforeEach(async () => {
    memory = new MemoryConfigSource({ rateLimit: { limit: 5, ttlMs: 1000 } });
    const module = ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimitConfig] });
    moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
    await moduleRef.init();
    config = moduleRef.get(ConfigCenterService);
  });
  afterEach(() => moduleRef.close());

  it('reads limit and ttl from the section being served on every call', () => {
    const throttler: ThrottlerOptions = liveThrottlerDefinition(config, RateLimitConfig);
    const limit = throttler.limit as (context: ExecutionContext) => number;
    const ttl = throttler.ttl as (context: ExecutionContext) => number;
    expect([throttler.name, limit(context), ttl(context)]).toEqual(['default', 5, 1000]);
    memory.batch((batch) => {
      batch.set('rateLimit.limit', 2);
      batch.set('rateLimit.ttlMs', 500);
    });
    expect([limit(context), ttl(context)]).toEqual([2, 500]);
    memory.set('rateLimit.limit', -5);
    expect(limit(context)).toBe(2);
  });

  it('maps other field names and a block duration', () => {
    const throttler = liveThrottlerDefinition(config, RateLimitConfig, {
      name: 'burst',
      limit: (section) => section.limit * 2,
      ttl: () => 10,
      blockDuration: (section) => section.ttlMs * 3,
    });
    expect([throttler.name, throttler.limit(context), throttler.ttl(context), throttler.blockDuration?.(context)]).toEqual([
      'burst',
      10,
      10,
      3000,
    ]);
  });

  it('gives ThrottlerModule.forRootAsync options that inject the config service', () => {
    const options: ThrottlerAsyncOptions = liveThrottler(RateLimitConfig, { throttlerOptions: { setHeaders: false } });
    expect(options.inject).toEqual([ConfigCenterService]);
    const built = options.useFactory!(config) as Exclude<ThrottlerModuleOptions, unknown[]>;
    expect(built.setHeaders).toBe(false);
    expect((built.throttlers[0].limit as () => number)()).toBe(5);
  });
});
