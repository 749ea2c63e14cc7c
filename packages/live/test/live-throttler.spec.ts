import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, UseGuards, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, FileConfigSource } from '@config-center/core';
import { liveThrottler } from '@config-center/live';
import { waitFor } from '@config-center/testing/harness';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

@Controller()
class PingController {
  @Get('ping')
  @UseGuards(ThrottlerGuard)
  ping(): string {
    return 'pong';
  }
}

describe('liveThrottler: @nestjs/throttler limits from a config file', () => {
  let dir: string;
  let path: string;
  let app: INestApplication;
  let base: string;

  /** Writes the config the way editors do (a new file renamed over the old) and waits until it is applied or rejected. */
  async function writeConfig(limit: number): Promise<void> {
    const status = () => app.get(ConfigCenterService).status();
    const before = status();
    await writeFile(`${path}.tmp`, `rateLimit:\n  limit: ${limit}\n  ttlMs: 60000\n`);
    await rename(`${path}.tmp`, path);
    await waitFor(
      () => status().version > before.version || status().sources[0].rejectedUpdates > before.sources[0].rejectedUpdates,
      'the edit',
    );
  }
  const ping = async () => {
    const response = await fetch(`${base}/ping`);
    await response.text();
    return { status: response.status, limit: response.headers.get('x-ratelimit-limit') };
  };
  const statuses = async (count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await ping()).status);
    return seen;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-throttler-'));
    path = join(dir, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 100\n  ttlMs: 60000\n');
    @Module({
      imports: [
        ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path })], sections: [RateLimitConfig], isGlobal: true }),
        ThrottlerModule.forRootAsync(liveThrottler(RateLimitConfig)),
      ],
      controllers: [PingController],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 429 to the (N+1)th request of the window right after the limit is lowered to N', async () => {
    expect(await statuses(3)).toEqual([200, 200, 200]);
    expect((await ping()).limit).toBe('100');
    await writeConfig(6);
    expect(await statuses(3)).toEqual([200, 200, 429]);
  });

  it('raises the limit for the next request: the third request, over the old limit of 2, passes', async () => {
    await writeConfig(2);
    expect(await statuses(2)).toEqual([200, 200]);
    await writeConfig(4);
    expect(await statuses(3)).toEqual([200, 200, 429]);
  });

  it('rejects an invalid limit and keeps enforcing the last good one', async () => {
    await writeConfig(3);
    expect(await statuses(2)).toEqual([200, 200]);
    await writeConfig(-5);
    const { sources, version } = app.get(ConfigCenterService).status();
    expect(sources[0].lastError?.message).toContain('rateLimit.limit: must not be less than 1');
    expect(version).toBe(2);
    expect(await statuses(2)).toEqual([200, 429]);
  });
});
