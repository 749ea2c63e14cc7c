import { Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { z } from 'zod';
import { ConfigCenterModule, ConfigSection, defineSection, InjectSection, MemoryConfigSource, type SectionOf } from '@config-center/core';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

@ConfigSection('orders')
class OrdersConfig {
  @IsInt() @Min(1) maxItems = 10;
}

@Injectable()
class OrdersService {
  constructor(readonly orders: OrdersConfig) {}
}

@Injectable()
class LimitsService {
  constructor(readonly rate: RateLimitConfig) {}
}

const root = (sections: Type[]) =>
  ConfigCenterModule.forRoot({ sources: () => [new MemoryConfigSource({ orders: { maxItems: '5' } })], sections, isGlobal: true });

@Module({ imports: [ConfigCenterModule.forFeature([OrdersConfig])], providers: [OrdersService] })
class OrdersModule {}

@Module({ providers: [OrdersService] })
class ForgotFeatureModule {}

const HINT =
  'OrdersService injects OrdersConfig, which is not a config section of this module: list it in the sections of ' +
  'ConfigCenterModule.forRoot() or forFeature()';

describe('injecting a section class that is not registered: the same hint as get()', () => {
  it('fails compile() with the hint naming the class and the consumer, not Nest’s generic error', async () => {
    const compiling = Test.createTestingModule({ imports: [root([RateLimitConfig])], providers: [OrdersService] }).compile();
    await expect(compiling).rejects.toThrow(HINT);
  });

  it('fails NestFactory.create the same way, from a feature module that did not import forFeature', async () => {
    @Module({ imports: [root([RateLimitConfig]), ForgotFeatureModule] })
    class AppModule {}
    const creating = NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await expect(creating).rejects.toThrow(HINT);
  });

  it('covers a section class declared after the forRoot() call (in a file that loads later)', async () => {
    const module = root([RateLimitConfig]);
    @ConfigSection('late')
    class LateConfig {
      @IsInt() value = 1;
    }
    @Injectable()
    class LateService {
      constructor(readonly late: LateConfig) {}
    }
    const compiling = Test.createTestingModule({ imports: [module], providers: [LateService] }).compile();
    await expect(compiling).rejects.toThrow('LateService injects LateConfig, which is not a config section of this module');
  });

  it('says the same for a defineSection one injected with @InjectSection', async () => {
    const Pool = defineSection('pool', z.object({ size: z.number().default(4) }));
    @Injectable()
    class PoolService {
      constructor(@InjectSection(Pool) readonly pool: SectionOf<typeof Pool>) {}
    }
    const compiling = Test.createTestingModule({ imports: [root([RateLimitConfig])], providers: [PoolService] }).compile();
    await expect(compiling).rejects.toThrow(
      "PoolService injects defineSection('pool'), which is not a config section of this module: list it in the sections of",
    );
  });

  it('still injects registered sections, from forRoot and from forFeature', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [root([RateLimitConfig]), OrdersModule],
      providers: [LimitsService],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(LimitsService).rate.limit).toBe(100);
    expect(moduleRef.get(OrdersService, { strict: false }).orders.maxItems).toBe(5);
    await moduleRef.close();
  });
});
