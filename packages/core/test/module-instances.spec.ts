import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigCenterError, ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource } from '@config-center/core';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

@ConfigSection('orders')
class OrdersConfig {
  @IsString() currency = 'EUR';
  @IsInt() @Min(1) maxItems = 10;
}

@ConfigSection('unused')
class NotASection {
  @IsInt() value = 1;
}

@Module({ imports: [ConfigCenterModule.forFeature([OrdersConfig])] })
class OrdersModule {}

describe('module instances', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'config-center-instances-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const appModule = (tree: Record<string, unknown>, cachePath: string) =>
    ConfigCenterModule.forRoot({
      sources: () => [new MemoryConfigSource(tree)],
      sections: [RateLimitConfig],
      cache: { path: cachePath },
      isGlobal: true,
    });

  it('gives a forFeature section the startup rules of forRoot: invalid at startup, it starts on its cached value, quarantined', async () => {
    const cachePath = join(dir, 'last-good.json');
    const good = await Test.createTestingModule({ imports: [appModule({ orders: { maxItems: 5 } }, cachePath), OrdersModule] }).compile();
    await good.init();
    await good.close();

    const bad = await Test.createTestingModule({ imports: [appModule({ orders: { maxItems: 0 } }, cachePath), OrdersModule] }).compile();
    await bad.init();
    const service = bad.get(ConfigCenterService);
    expect(service.get(OrdersConfig).maxItems).toBe(5);
    expect(bad.get(OrdersConfig).maxItems).toBe(5);
    expect(service.status()).toMatchObject({ state: 'degraded', quarantined: [{ section: 'orders', source: 'memory' }] });
    await bad.close();
  });

  it('never registers a section on a read: get() of a class that is not a section of the module is a clear error', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [appModule({}, join(dir, 'c.json'))] }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const version = service.status().version;
    expect(() => service.get(NotASection)).toThrow(ConfigCenterError);
    expect(() => service.get(NotASection)).toThrow(/NotASection is not a config section of this module/);
    expect(() => service.observe(NotASection)).toThrow(/not a config section/);
    expect(service.status().version).toBe(version);
    await moduleRef.close();
  });

  it('builds a new set of sources for each instance of a module whose sources are a factory', async () => {
    let built = 0;
    @Module({
      imports: [
        ConfigCenterModule.forRoot({
          sources: () => [new MemoryConfigSource({ rateLimit: { limit: ++built } })],
          sections: [RateLimitConfig],
        }),
      ],
    })
    class AppModule {}
    for (const expected of [1, 2]) {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      await moduleRef.init();
      expect(moduleRef.get(ConfigCenterService).get(RateLimitConfig).limit).toBe(expected);
      expect(moduleRef.get(ConfigCenterService).status()).toMatchObject({ state: 'ready', sources: [{ state: 'connected' }] });
      await moduleRef.close();
    }
  });

  it('refuses, clearly, to start a second time on sources given as instances, which the first instance closed', async () => {
    @Module({
      imports: [
        ConfigCenterModule.forRoot({ sources: [new MemoryConfigSource({ rateLimit: { limit: 3 } })], sections: [RateLimitConfig] }),
      ],
    })
    class AppModule {}
    const first = await Test.createTestingModule({ imports: [AppModule] }).compile();
    await first.init();
    await first.close();
    const second = Test.createTestingModule({ imports: [AppModule] }).compile();
    await expect(second).rejects.toThrow(/'memory': is closed and cannot load again; give sources as a factory/);
  });
});
