import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as v from 'valibot';
import { z } from 'zod';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigValue,
  defineSection,
  InjectSection,
  MemoryConfigSource,
  OnConfigChange,
  type ConfigCenterModuleOptions,
  type SectionOf,
} from '@config-center/core';

const RateLimit = defineSection(
  'rateLimit',
  z.object({
    limit: z.number().int().min(1).default(100),
    ttlMs: z.number().int().min(1).default(60_000),
    version: z.string().default('1.0'),
    note: z.string().optional(),
  }),
);

const Upstream = defineSection('upstream', v.object({ url: v.optional(v.string(), 'http://a'), weight: v.optional(v.number(), 1) }));

@Injectable()
class Orders {
  @ConfigValue('rateLimit.limit') readonly limit!: number;
  readonly seen: [number, number][] = [];
  constructor(@InjectSection(RateLimit) readonly rate: SectionOf<typeof RateLimit>) {}
  @OnConfigChange(RateLimit)
  onRate(next: SectionOf<typeof RateLimit>, previous: SectionOf<typeof RateLimit>) {
    this.seen.push([next.limit, previous.limit]);
  }
}

async function boot(memory: MemoryConfigSource, options: Partial<ConfigCenterModuleOptions> = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimit, Upstream], isGlobal: true, ...options })],
    providers: [Orders],
  }).compile();
  await moduleRef.init();
  return { moduleRef, orders: moduleRef.get(Orders), service: moduleRef.get(ConfigCenterService) };
}

describe('Standard Schema sections (defineSection)', () => {
  it('serves a zod section typed from its schema: get, live view, @ConfigValue and @OnConfigChange, swapped together', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '5', version: '1.10' } });
    const { moduleRef, orders, service } = await boot(memory);
    expect(service.get(RateLimit)).toEqual({ limit: 5, ttlMs: 60_000, version: '1.10' });
    expect(orders.limit).toBe(5);
    expect(orders.rate.limit).toBe(5);
    expect(Object.isFrozen(service.get(RateLimit))).toBe(true);
    expect(() => ((orders.rate as { limit: number }).limit = 9)).toThrow(TypeError);

    memory.set('rateLimit.limit', '7');
    expect(orders.limit).toBe(7);
    expect(orders.rate.limit).toBe(7);
    expect(orders.seen).toEqual([[7, 5]]);
    memory.set('rateLimit.version', 2);
    expect(service.get(RateLimit).version).toBe('2');
    memory.set('rateLimit.note', 'added later');
    expect(orders.rate.note).toBe('added later');
    expect(service.get(Upstream)).toEqual({ url: 'http://a', weight: 1 });
    await moduleRef.close();
  });

  it('rejects an invalid change whole and quarantines the section, naming the path and never the value', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: 5 }, upstream: { weight: 2 } });
    const { moduleRef, orders, service } = await boot(memory);
    memory.set('rateLimit.limit', '-737');
    memory.set('upstream.weight', 'heavy-secret');
    expect(orders.rate.limit).toBe(5);
    expect(service.get(Upstream).weight).toBe(2);
    const { quarantined } = service.status();
    expect(quarantined.map((q) => [q.section, q.issues.map((i) => i.path)])).toEqual([
      ['rateLimit', ['rateLimit.limit']],
      ['upstream', ['upstream.weight']],
    ]);
    expect(quarantined[0].issues[0].message).toMatch(/>=\s*1|at least 1|too small/i);
    expect(JSON.stringify(service.status())).not.toMatch(/737|heavy-secret/);
    memory.set('rateLimit.limit', '6');
    expect(orders.rate.limit).toBe(6);
    expect(service.status().quarantined.map((q) => q.section)).toEqual(['upstream']);
    await moduleRef.close();
  });

  it('lists the keys the schema leaves out as unknown, or rejects them with unknownKeys: reject', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limt: '5' } });
    const { moduleRef, service } = await boot(memory);
    expect(service.get(RateLimit).limit).toBe(100);
    expect(service.status().unknownKeys).toEqual(['rateLimit.limt']);
    await moduleRef.close();

    const strict = await boot(new MemoryConfigSource({ rateLimit: { limit: 5 } }), { unknownKeys: 'reject' });
    const source = new MemoryConfigSource({ rateLimit: { limt: '5' } });
    await expect(boot(source, { unknownKeys: 'reject' })).rejects.toThrow(
      "rateLimit.limt: is not a field of defineSection('rateLimit') (a typo?)",
    );
    await strict.moduleRef.close();
  });

  it('refuses what is not a Standard Schema, and a schema that validates asynchronously', async () => {
    expect(() => defineSection('x', {} as never)).toThrow("defineSection('x'): the schema is not a Standard Schema");
    const Async = defineSection(
      'slow',
      z.object({ a: z.string() }).refine(async () => true),
    );
    await expect(
      Test.createTestingModule({
        imports: [ConfigCenterModule.forRoot({ sources: [new MemoryConfigSource({ slow: { a: 'x' } })], sections: [Async] })],
      })
        .compile()
        .then((m) => m.init()),
    ).rejects.toThrow('slow: the schema validates asynchronously; a config section must validate synchronously');
  });

  it('provides schema sections from forFeature as live views', async () => {
    const Feature = defineSection('feature', z.object({ on: z.boolean().default(false) }));
    @Injectable()
    class Uses {
      constructor(@InjectSection(Feature) readonly feature: SectionOf<typeof Feature>) {}
    }
    @Module({ imports: [ConfigCenterModule.forFeature([Feature])], providers: [Uses] })
    class FeatureModule {}
    const memory = new MemoryConfigSource({ feature: { on: 'true' } });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [memory], isGlobal: true }), FeatureModule],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(Uses).feature.on).toBe(true);
    memory.set('feature.on', 'false');
    expect(moduleRef.get(Uses).feature.on).toBe(false);
    await moduleRef.close();
  });
});
