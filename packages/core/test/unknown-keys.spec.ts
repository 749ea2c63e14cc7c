import { Logger } from '@nestjs/common';
import { Expose, Type } from 'class-transformer';
import { IsInt, IsObject, IsString, Min, ValidateNested } from 'class-validator';
import { ConfigSection, MemoryConfigSource, type ConfigCenterModuleOptions } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @Expose({ name: 'ttl-ms' }) @IsInt() ttlMs = 1000;
}

class Upstream {
  @IsString() host = 'localhost';
}

@ConfigSection('pool')
class PoolConfig {
  @ValidateNested() @Type(() => Upstream) primary = new Upstream();
  @ValidateNested({ each: true }) @Type(() => Upstream) replicas: Upstream[] = [];
  /** A map: any key is a name. */
  @IsObject() labels: Record<string, string> = {};
}

@ConfigSection('flags', { unknownKeys: 'ignore' })
class FlagsConfig {
  @IsString() mode = 'off';
}

async function started(memory: MemoryConfigSource, options: Partial<ConfigCenterModuleOptions> = {}) {
  const store = new ConfigStore({ sources: [memory], sections: [RateLimitConfig, PoolConfig, FlagsConfig], ...options });
  await store.load();
  store.startWatching();
  const section = <T extends object>(type: new () => T) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, section };
}

describe('unknown keys: a key no field declares is never silent', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());
  const warnings = () => warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('no field of'));

  it('lists a typo in status and logs it once per change, by default; the class default serves', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limt: '5', 'ttl-ms': '20' } });
    const { store, section } = await started(memory);
    expect(section(RateLimitConfig)).toMatchObject({ limit: 100, ttlMs: 20 });
    expect(store.status()).toMatchObject({ state: 'ready', unknownKeys: ['rateLimit.limt'] });
    expect(warnings()).toEqual([
      expect.stringContaining("Config section 'rateLimit': no field of RateLimitConfig declares rateLimit.limt"),
    ]);

    memory.set('rateLimit.ttl-ms', '30');
    expect(section(RateLimitConfig).ttlMs).toBe(30);
    expect(warnings()).toHaveLength(1);

    memory.set('rateLimit.limt', undefined);
    memory.set('rateLimit.limit', '5');
    expect(section(RateLimitConfig).limit).toBe(5);
    expect(store.status().unknownKeys).toEqual([]);
    expect(JSON.stringify(store.status())).not.toContain('"5"');
    await store.close();
  });

  it('looks into nested sections and lists of them, not into maps; a section may ignore them', async () => {
    const memory = new MemoryConfigSource({
      pool: { primary: { hots: 'a' }, replicas: [{ host: 'b' }, { hostname: 'c' }], labels: { anything: 'x' } },
      flags: { free: 'form' },
    });
    const { store } = await started(memory);
    expect(store.status().unknownKeys).toEqual(['pool.primary.hots', 'pool.replicas.1.hostname']);
    await store.close();
  });

  it("rejects them with unknownKeys: 'reject': the section keeps its last good value, quarantined", async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: '5' } });
    const { store, section } = await started(memory, { unknownKeys: 'reject' });
    memory.set('rateLimit.limt', '7');
    expect(section(RateLimitConfig).limit).toBe(5);
    expect(store.status().quarantined).toEqual([
      expect.objectContaining({
        section: 'rateLimit',
        issues: [{ path: 'rateLimit.limt', constraints: expect.any(Object), message: 'is not a field of RateLimitConfig (a typo?)' }],
      }),
    ]);
    expect(store.status().sources[0].lastError?.message).toBe(
      "Config source 'memory' · rateLimit.limt: is not a field of RateLimitConfig (a typo?)",
    );
    await store.close();
  });
});
