import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, FileConfigSource, type ConfigChangeEvent } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { makeTempDir } from './file-source.fixture';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

const WRITES = 20;
const DEBOUNCE_MS = 25;

// A latency bar belongs to `npm run bench`, not here: this checks that each write arrives, as one
// swap, and not before the debounce — bounds a loaded machine cannot break.
describe('FileConfigSource propagation', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it(`carries each of ${WRITES} file writes to changes$ as one swap, no sooner than the debounce`, async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 1\n');
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path, debounceMs: DEBOUNCE_MS })], sections: [RateLimitConfig] }),
      ],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const arrivals = new Map<number, number>();
    const swapped: number[] = [];
    const subscription = service.changes$.subscribe((event: ConfigChangeEvent) => {
      const limit = (event.current.rateLimit as { limit: number }).limit;
      arrivals.set(limit, performance.now());
      swapped.push(limit);
    });
    // The first write may be caught by the watch's opening re-read, sooner than any debounce: not timed.
    await writeFile(path, 'rateLimit:\n  limit: 2\n');
    await waitFor(() => arrivals.get(2), 'the warm-up write on changes$');
    const latencies: number[] = [];
    for (let limit = 3; limit < WRITES + 3; limit++) {
      const written = performance.now();
      await writeFile(path, `rateLimit:\n  limit: ${limit}\n`);
      const arrived = await waitFor(() => arrivals.get(limit), `limit ${limit} on changes$`);
      latencies.push(arrived - written);
    }
    subscription.unsubscribe();
    await moduleRef.close();
    expect(service.get(RateLimitConfig).limit).toBe(WRITES + 2);
    expect(swapped).toEqual(Array.from({ length: WRITES + 1 }, (_, i) => i + 2));
    // The debounce timer starts after the write: a slow machine can only make a latency longer.
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(DEBOUNCE_MS - 1);
  });
});
