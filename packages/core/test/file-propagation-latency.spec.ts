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

/** The median of a list of numbers. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe('FileConfigSource propagation latency', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it(`carries a file write to changes$ within the debounce plus a small margin (median of ${WRITES})`, async () => {
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
    const subscription = service.changes$.subscribe((event: ConfigChangeEvent) => {
      // The merged tree holds the file's text: `limit: 2` is '2'.
      const limit = Number((event.current.rateLimit as { limit: string }).limit);
      arrivals.set(limit, performance.now());
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
    expect(latencies).toHaveLength(WRITES);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(DEBOUNCE_MS - 1);
    // Generous for a loaded CI machine; bench/ measures the figure itself.
    expect(median(latencies)).toBeLessThan(DEBOUNCE_MS + 225);
  });
});
