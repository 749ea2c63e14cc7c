import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, EnvConfigSource, FileConfigSource } from '@config-center/core';
import { makeTempDir } from './file-source.fixture';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
  @IsString() scope = 'ip';
}

describe('ConfigCenterModule with a FileConfigSource and an EnvConfigSource', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lets the later env source win over the file, path by path, on top of class defaults', async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 10\n  ttlMs: 1000\n');
    const env = { APP__RATE_LIMIT__LIMIT: '5', UNRELATED: 'x' };
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigCenterModule.forRoot({
          sources: [new FileConfigSource({ path }), new EnvConfigSource({ prefix: 'APP__', env })],
          sections: [RateLimitConfig],
        }),
      ],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const rate = service.get(RateLimitConfig);
    expect(rate).toBeInstanceOf(RateLimitConfig);
    expect(rate).toMatchObject({ limit: 5, ttlMs: 1000, scope: 'ip' });
    expect(service.get('rateLimit.limit')).toBe(5);
    expect(service.status().sources.map((source) => source.name)).toEqual([`file:${path}`, 'env:APP__']);
    await moduleRef.close();
  });

  it('leaves a bad variable out and reports it, naming the source and the variable but not the value; the others load', async () => {
    const env = { APP__RATE_LIMIT__CONSTRUCTOR: 'top-secret', APP__RATE_LIMIT__LIMIT: '7' };
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [new EnvConfigSource({ prefix: 'APP__', env })], sections: [RateLimitConfig] })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    expect(service.get(RateLimitConfig).limit).toBe(7);
    const [source] = service.status().sources;
    expect(source).toMatchObject({ name: 'env:APP__', state: 'connected', rejectedUpdates: 1 });
    expect(source.lastError?.message).toContain('APP__RATE_LIMIT__CONSTRUCTOR');
    expect(source.lastError?.message).toMatch(/forbidden key 'constructor'/);
    expect(JSON.stringify(service.status())).not.toContain('top-secret');
    await moduleRef.close();
  });
});
