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

  it('fails startup on a bad variable, naming the source and the variable but not the value', async () => {
    const env = { APP__RATE_LIMIT__CONSTRUCTOR: 'top-secret' };
    const start = Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [new EnvConfigSource({ prefix: 'APP__', env })], sections: [RateLimitConfig] })],
    }).compile();
    const error = (await start.catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('env:APP__');
    expect(error.message).toContain('APP__RATE_LIMIT__CONSTRUCTOR');
    expect(error.message).not.toContain('top-secret');
  });
});
