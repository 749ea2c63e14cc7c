import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { firstValueFrom } from 'rxjs';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSection,
  ConfigValue,
  MemoryConfigSource,
  OnConfigChange,
} from '@config-center/core';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

@Injectable()
class Orders {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  @ConfigValue('missing.value', { default: 'fallback' }) readonly missing!: string;
  readonly seen: [number, number][] = [];
  constructor(readonly rate: RateLimitConfig) {}
  @OnConfigChange(RateLimitConfig)
  onRate(next: RateLimitConfig, previous: RateLimitConfig) {
    this.seen.push([next.limit, previous.limit]);
  }
}

describe('ConfigCenterModule', () => {
  it('serves validated sections, live views and @ConfigValue, and swaps them together', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '5' } });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimitConfig], isGlobal: true })],
      providers: [Orders],
    }).compile();
    await moduleRef.init();
    const orders = moduleRef.get(Orders);
    const service = moduleRef.get(ConfigCenterService);
    expect(orders.limit).toBe(5);
    expect(orders.rate.limit).toBe(5);
    expect(orders.rate.ttlMs).toBe(60_000);
    expect(orders.rate).toBeInstanceOf(RateLimitConfig);
    expect(orders.missing).toBe('fallback');
    const errors = firstValueFrom(service.errors$);
    memory.set('rateLimit.limit', -5);
    expect((await errors).kind).toBe('validation');
    expect((await errors).message).toContain('rateLimit.limit: must not be less than 1');
    expect(orders.limit).toBe(5);
    memory.set('rateLimit.limit', 7);
    expect(orders.limit).toBe(7);
    expect(service.get(RateLimitConfig).limit).toBe(7);
    expect(Object.isFrozen(service.get(RateLimitConfig))).toBe(true);
    expect(orders.seen).toEqual([[7, 5]]);
    expect(service.status()).toMatchObject({ state: 'ready', version: 2 });
    await moduleRef.close();
  });
});
