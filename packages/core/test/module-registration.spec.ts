import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigKeyNotFoundError,
  ConfigSection,
  ConfigValidationError,
  ConfigValue,
  MemoryConfigSource,
} from '@config-center/core';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

@ConfigSection('orders')
class OrdersConfig {
  @IsString() currency = 'EUR';
}

@Injectable()
class OrdersService {
  constructor(readonly orders: OrdersConfig) {}
  @ConfigValue('orders.currency') readonly currency!: string;
}

@Module({ imports: [ConfigCenterModule.forFeature([OrdersConfig])], providers: [OrdersService], exports: [OrdersService] })
class OrdersModule {}

@Injectable()
class NeedsMissing {
  @ConfigValue('payments.apiUrl') readonly apiUrl!: string;
}

describe('module registration', () => {
  it('forRootAsync builds options from a factory; forFeature provides sections of feature modules', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: 3 }, orders: { currency: 'USD' } });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigCenterModule.forRootAsync({
          useFactory: async () => ({ sources: [memory] }),
          sections: [RateLimitConfig],
          isGlobal: true,
        }),
        OrdersModule,
      ],
    }).compile();
    await moduleRef.init();
    const orders = moduleRef.get(OrdersService);
    expect(orders.orders.currency).toBe('USD');
    expect(orders.currency).toBe('USD');
    expect(moduleRef.get(RateLimitConfig).limit).toBe(3);
    memory.set('orders.currency', 'GBP');
    expect(orders.orders.currency).toBe('GBP');
    expect(orders.currency).toBe('GBP');
    await moduleRef.close();
  });

  it('fails startup when a @ConfigValue path holds nothing and has no default', async () => {
    const memory = new MemoryConfigSource({});
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], isGlobal: true })],
      providers: [NeedsMissing],
    }).compile();
    const error = await moduleRef.init().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error?.message).toContain('payments.apiUrl: is required by @ConfigValue on NeedsMissing.apiUrl and has no default');
  });

  it('rejects a later update that deletes a required @ConfigValue path', async () => {
    const memory = new MemoryConfigSource({ payments: { apiUrl: 'http://127.0.0.1:1' } });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], isGlobal: true })],
      providers: [NeedsMissing],
    }).compile();
    await moduleRef.init();
    memory.delete('payments');
    expect(moduleRef.get(NeedsMissing).apiUrl).toBe('http://127.0.0.1:1');
    expect(moduleRef.get(ConfigCenterService).status().sources[0].lastError?.message).toContain('payments.apiUrl: is required');
    await moduleRef.close();
  });

  it('fails startup with the path and constraint when the initial config is invalid', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: 0 } }, 'remote');
    const error = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimitConfig] })],
    })
      .compile()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error?.message).toBe("Config source 'remote' · rateLimit.limit: must not be less than 1");
  });

  it('reads paths through their section (typed, with defaults) and throws a clear error for a missing path', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '7' }, free: { text: 'x' } });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimitConfig] })],
    }).compile();
    const service = moduleRef.get(ConfigCenterService);
    expect(service.get('rateLimit.limit')).toBe(7);
    expect(service.get('free.text')).toBe('x');
    expect(service.get('free.none', 'fallback')).toBe('fallback');
    expect(() => service.get('free.none')).toThrow(ConfigKeyNotFoundError);
    expect(() => service.get('free.none')).toThrow("No config value at 'free.none' and no default given");
    expect(service.get(RateLimitConfig)).toBeInstanceOf(RateLimitConfig);
    await moduleRef.close();
  });

  it('explains what is missing when forFeature has no global forRoot', async () => {
    const memory = new MemoryConfigSource({});
    const error = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory] }), OrdersModule],
    })
      .compile()
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toContain('OrdersConfig is a config section but no ConfigCenterModule.forRoot() is visible here');
  });
});
