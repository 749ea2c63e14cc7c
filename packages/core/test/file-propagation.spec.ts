import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

// A latency bar belongs to `npm run bench`, not here. Nor is a lower bound sound: under load a
// debounce started by the previous write's late events can read the next write early.
describe('FileConfigSource propagation', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it(`carries each of ${WRITES} file writes to changes$, in order, as one swap each`, async () => {
    const path = join(dir, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 1\n');
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path, debounceMs: DEBOUNCE_MS })], sections: [RateLimitConfig] }),
      ],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const swapped: number[] = [];
    const subscription = service.changes$.subscribe((event: ConfigChangeEvent) => {
      // The merged tree holds the file's text: `limit: 2` is '2'.
      swapped.push(Number((event.current.rateLimit as { limit: string }).limit));
    });
    for (let limit = 2; limit < WRITES + 2; limit++) {
      await writeFile(path, `rateLimit:\n  limit: ${limit}\n`);
      await waitFor(() => swapped.includes(limit), `limit ${limit} on changes$`);
    }
    subscription.unsubscribe();
    await moduleRef.close();
    expect(service.get(RateLimitConfig).limit).toBe(WRITES + 1);
    expect(swapped).toEqual(Array.from({ length: WRITES }, (_, i) => i + 2));
  });
});
