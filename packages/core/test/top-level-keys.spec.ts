import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString } from 'class-validator';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSection,
  ConfigValue,
  MemoryConfigSource,
  OnConfigChange,
  type ConfigCenterModuleOptions,
} from '@config-center/core';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() limit = 100;
}

@ConfigSection('db.pool')
class PoolConfig {
  @IsInt() size = 1;
}

@ConfigSection('plugins', { unknownKeys: 'ignore' })
class PluginsConfig {
  @IsString() mode = 'off';
}

/** Free-form at the root: every top-level key is its own. */
@ConfigSection('', { unknownKeys: 'ignore' })
class EverythingConfig {}

/** Reads paths no section covers, each way an app can at startup. */
@Injectable()
class Reader implements OnModuleInit {
  @ConfigValue('featureFlags.checkout', { default: false }) readonly checkout!: boolean;
  greeting: unknown;

  constructor(private readonly config: ConfigCenterService) {
    config.observe('streams.orders').subscribe();
  }

  onModuleInit(): void {
    this.greeting = this.config.get('greeting.text', 'hi');
  }

  @OnConfigChange('hooks.deploy')
  deployed(): void {}
}

async function boot(memory: MemoryConfigSource, options: Partial<ConfigCenterModuleOptions> = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigCenterModule.forRoot({ sources: [memory], sections: [RateLimitConfig, PoolConfig, PluginsConfig], isGlobal: true, ...options }),
    ],
    providers: [Reader],
  }).compile();
  await moduleRef.init();
  return { moduleRef, config: moduleRef.get(ConfigCenterService) };
}

const covered = {
  rateLimit: { limit: 5 },
  db: { pool: { size: 2 }, replicas: 1 },
  plugins: { anything: 'x' },
  featureFlags: { checkout: true },
  streams: { orders: 'on' },
  greeting: { text: 'hello' },
  hooks: { deploy: 'v1' },
};

describe('top-level keys no section or startup read covers: a typo one level up is caught too', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());
  const warnings = () => warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('no section'));

  it('lists nothing when every top-level key is a section path, a section path above, or read at startup; a runtime read does not count', async () => {
    const memory = new MemoryConfigSource(covered);
    const { moduleRef, config } = await boot(memory);
    expect(config.status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    expect(warnings()).toEqual([]);

    // A path first read at runtime, after startup, is not known: its key is listed.
    memory.set('latecomer.x', 1);
    expect(config.get('latecomer.x')).toBe(1);
    expect(config.status().uncoveredKeys).toEqual([{ key: 'latecomer' }]);
    await moduleRef.close();
  });

  it("lists 'ratelimit' with did you mean 'rateLimit', logs it once per change of the set, and drops it once gone", async () => {
    const memory = new MemoryConfigSource({ ...covered, ratelimit: { limit: '7' }, featureflag: { on: 'x' }, zzz: 1 });
    const { moduleRef, config } = await boot(memory);
    expect(config.status().unknownKeys).toEqual(['ratelimit', 'featureflag', 'zzz']);
    expect(config.status().uncoveredKeys).toEqual([
      { key: 'ratelimit', didYouMean: 'rateLimit' },
      { key: 'featureflag', didYouMean: 'featureFlags' },
      { key: 'zzz' },
    ]);
    expect(warnings()).toEqual([
      "Config keys no section reads at the top level: ratelimit (did you mean 'rateLimit'?), featureflag (did you mean 'featureFlags'?), zzz; " +
        'their values are not used (a typo? list a free-form path in ignoreKeys, or set unknownKeys to ignore)',
    ]);

    memory.set('rateLimit.limit', 6);
    memory.set('ratelimit.limit', '8');
    expect(config.get(RateLimitConfig).limit).toBe(6);
    expect(warnings()).toHaveLength(1);

    memory.batch((b) => {
      b.delete('featureflag');
      b.delete('zzz');
    });
    expect(config.status().unknownKeys).toEqual(['ratelimit']);
    expect(warnings()).toHaveLength(2);
    memory.set('ratelimit', undefined);
    expect(config.status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    expect(warnings()).toHaveLength(2);
    expect(JSON.stringify(config.status())).not.toMatch(/"7"|"8"/);
    await moduleRef.close();
  });

  it("opts out for the module with unknownKeys: 'ignore', per path with ignoreKeys, and with a free-form section at the root; 'reject' only lists", async () => {
    const tree = { ...covered, legacy: { a: 1 }, ratelimit: { limit: 1 } };
    const ignoring = await boot(new MemoryConfigSource(tree), { unknownKeys: 'ignore' });
    expect(ignoring.config.status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    await ignoring.moduleRef.close();

    const listed = await boot(new MemoryConfigSource({ ...tree, rateLimit: { limit: 2, old: 1 } }), {
      ignoreKeys: ['legacy', 'rateLimit.old'],
    });
    expect(listed.config.status().unknownKeys).toEqual(['ratelimit']);
    await listed.moduleRef.close();

    // No section owns a top-level key to quarantine: under 'reject' it is still listed, and the app starts.
    const rejecting = await boot(new MemoryConfigSource({ ...covered, ratelimit: { limit: 1 } }), { unknownKeys: 'reject' });
    expect(rejecting.config.status()).toMatchObject({ state: 'ready', unknownKeys: ['ratelimit'], quarantined: [] });
    await rejecting.moduleRef.close();

    const rooted = await boot(new MemoryConfigSource(tree), { sections: [RateLimitConfig, EverythingConfig] });
    expect(rooted.config.status()).toMatchObject({ unknownKeys: [], uncoveredKeys: [] });
    await rooted.moduleRef.close();
    expect(warnings()).toEqual([
      expect.stringContaining("ratelimit (did you mean 'rateLimit'?); their values"),
      expect.stringContaining("ratelimit (did you mean 'rateLimit'?); their values"),
    ]);
  });
});
