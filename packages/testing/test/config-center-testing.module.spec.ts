import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import {
  ConfigCenterService,
  ConfigSection,
  ConfigValidationError,
  ConfigValue,
  OnConfigChange,
  type MemoryConfigSource,
} from '@config-center/core';
import { ConfigCenterTesting, ConfigCenterTestingModule, TESTING_CONFIG_SOURCE } from '@config-center/testing';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsString() mode = 'fixed';
}

@Injectable()
class Orders {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  readonly seen: [number, number][] = [];
  constructor(readonly rate: RateLimitConfig) {}
  @OnConfigChange('rateLimit.limit')
  onLimit(next: number, previous: number) {
    this.seen.push([next, previous]);
  }
}

async function compile(initial = { rateLimit: { limit: 5 } }): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: [ConfigCenterTestingModule.forRoot({ sections: [RateLimitConfig], initial })],
    providers: [Orders],
  }).compile();
}

describe('ConfigCenterTesting', () => {
  let moduleRef: TestingModule;
  let testing: ConfigCenterTesting;
  let orders: Orders;

  beforeEach(async () => {
    moduleRef = await compile();
    await moduleRef.init();
    testing = moduleRef.get(ConfigCenterTesting);
    orders = moduleRef.get(Orders);
  });

  afterEach(() => moduleRef.close());

  it('resolves update() once @ConfigValue, the injected section and handlers follow it', async () => {
    expect(orders.limit).toBe(5);
    const event = await testing.update('rateLimit.limit', 7);
    expect(event).toMatchObject({ version: 2, source: 'testing', changedPaths: ['rateLimit.limit'] });
    expect(orders.limit).toBe(7);
    expect(orders.rate.limit).toBe(7);
    expect(orders.seen).toEqual([[7, 5]]);
  });

  it('rejects a change the store refuses and keeps the last good config', async () => {
    const rejected = testing.update('rateLimit.limit', 0);
    await expect(rejected).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(rejected).rejects.toThrow('rateLimit.limit: must not be less than 1');
    expect(orders.limit).toBe(5);
    expect(orders.rate.limit).toBe(5);
    expect(moduleRef.get(ConfigCenterService).status().version).toBe(1);
    await expect(testing.update('rateLimit.limit', 8)).resolves.toMatchObject({ version: 2 });
    expect(orders.limit).toBe(8);
  });

  it('rejects bad input with the parse error, and a value it cannot copy with the copy error', async () => {
    await expect(testing.update('rateLimit.__proto__', 1)).rejects.toMatchObject({ name: 'ConfigParseError' });
    await expect(testing.update('rateLimit.limit', () => 1)).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(orders.limit).toBe(5);
  });

  it('resolves undefined for a change that changes nothing', async () => {
    await expect(testing.update('rateLimit.limit', 5)).resolves.toBeUndefined();
    expect(moduleRef.get(ConfigCenterService).status().version).toBe(1);
  });

  it('applies batch() as one swap and all-or-nothing', async () => {
    const event = await testing.batch((b) => {
      b.set('rateLimit.limit', 9);
      b.set('rateLimit.mode', 'sliding');
    });
    expect(event?.version).toBe(2);
    expect([...(event?.changedPaths ?? [])].sort()).toEqual(['rateLimit.limit', 'rateLimit.mode']);
    const half = testing.batch((b) => {
      b.set('rateLimit.mode', 'window');
      b.set('rateLimit.limit', 0);
    });
    await expect(half).rejects.toThrow('rateLimit.limit: must not be less than 1');
    expect({ limit: orders.rate.limit, mode: orders.rate.mode }).toEqual({ limit: 9, mode: 'sliding' });
  });

  it('applies delete() and replace()', async () => {
    await expect(testing.delete('rateLimit.limit')).resolves.toMatchObject({ changedPaths: ['rateLimit.limit'] });
    expect(orders.limit).toBe(100);
    const event = await testing.replace({ rateLimit: { limit: 3 }, other: { flag: true } });
    expect(event?.version).toBe(3);
    expect(orders.limit).toBe(3);
    expect(moduleRef.get(ConfigCenterService).get('other.flag')).toBe(true);
  });

  it('pushes a change made inside the handling of another right after it, and settles both', async () => {
    const service = moduleRef.get(ConfigCenterService);
    let inner: Promise<unknown> | undefined;
    const subscription = service.changes$.subscribe(() => {
      inner ??= testing.update('rateLimit.mode', 'sliding');
    });
    const outer = await testing.update('rateLimit.limit', 6);
    subscription.unsubscribe();
    expect(outer?.changedPaths).toEqual(['rateLimit.limit']);
    await expect(inner).resolves.toMatchObject({ version: 3, changedPaths: ['rateLimit.mode'] });
    expect(orders.rate.mode).toBe('sliding');
  });
});

describe('ConfigCenterTestingModule', () => {
  it('applies changes pushed before init(), which then binds @ConfigValue', async () => {
    const moduleRef = await compile();
    const testing = moduleRef.get(ConfigCenterTesting);
    await expect(testing.update('rateLimit.limit', 11)).resolves.toMatchObject({ version: 2 });
    expect(moduleRef.get(RateLimitConfig).limit).toBe(11);
    await moduleRef.init();
    expect(moduleRef.get(Orders).limit).toBe(11);
    await expect(testing.update('rateLimit.limit', 12)).resolves.toMatchObject({ version: 3 });
    expect(moduleRef.get(Orders).seen).toEqual([[12, 11]]);
    await moduleRef.close();
  });

  it('gives every compiled module its own source, even from one forRoot() result', async () => {
    const imported = ConfigCenterTestingModule.forRoot({ sections: [RateLimitConfig], initial: { rateLimit: { limit: 5 } } });
    const first = await Test.createTestingModule({ imports: [imported] }).compile();
    const second = await Test.createTestingModule({ imports: [imported] }).compile();
    await Promise.all([first.init(), second.init()]);
    await first.get(ConfigCenterTesting).update('rateLimit.limit', 2);
    expect(first.get(RateLimitConfig).limit).toBe(2);
    expect(second.get(RateLimitConfig).limit).toBe(5);
    await Promise.all([first.close(), second.close()]);
  });

  it('with isGlobal: false, provides the service and sections to the module that imports it', async () => {
    @Module({ imports: [ConfigCenterTestingModule.forRoot({ sections: [RateLimitConfig], isGlobal: false })], providers: [Orders] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({ imports: [FeatureModule] }).compile();
    await moduleRef.init();
    const orders = moduleRef.get(Orders);
    expect(orders.limit).toBe(100);
    await moduleRef.get(ConfigCenterTesting).update('rateLimit.limit', 4);
    expect(orders.rate.limit).toBe(4);
    expect(moduleRef.get(ConfigCenterService).get('rateLimit.limit')).toBe(4);
    await moduleRef.close();
  });

  it('stops the watch and the store on close, and rejects changes afterwards', async () => {
    const before = process.getActiveResourcesInfo().length;
    const moduleRef = await compile();
    await moduleRef.init();
    const testing = moduleRef.get(ConfigCenterTesting);
    const source = moduleRef.get<MemoryConfigSource>(TESTING_CONFIG_SOURCE);
    const service = moduleRef.get(ConfigCenterService);
    await testing.update('rateLimit.limit', 6);
    await moduleRef.close();

    const ended: string[] = [];
    source
      .watch()
      .subscribe({ complete: () => ended.push('source watch') })
      .unsubscribe();
    service.changes$.subscribe({ complete: () => ended.push('changes$') });
    service.status$.subscribe({ complete: () => ended.push('status$') });
    expect(ended).toEqual(['source watch', 'changes$', 'status$']);
    await expect(testing.update('rateLimit.limit', 7)).rejects.toThrow("Config source 'testing': the testing module is closed");
    expect(service.get(RateLimitConfig).limit).toBe(6);
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
  });
});
