import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import type { Subscription } from 'rxjs';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSection,
  FileConfigSource,
  type ConfigChangeEvent,
  type ConfigErrorEvent,
  type RetryOptions,
} from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
import { EventRecorder, makeTempDir, watchHandles } from './file-source.fixture';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
  @IsInt() @Min(1) ttlMs = 60_000;
}

describe('ConfigCenterModule with a FileConfigSource', () => {
  let dir: string;
  let path: string;
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
    path = join(dir, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 5\n');
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await rm(dir, { recursive: true, force: true });
  });

  async function start(retry?: RetryOptions, cache?: { path: string }) {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigCenterModule.forRoot({ sources: [new FileConfigSource({ path })], sections: [RateLimitConfig], retry, cache })],
    }).compile();
    await moduleRef.init();
    const service = moduleRef.get(ConfigCenterService);
    const changes: ConfigChangeEvent[] = [];
    const errors: ConfigErrorEvent[] = [];
    subscriptions.push(service.changes$.subscribe((event) => changes.push(event)));
    subscriptions.push(service.errors$.subscribe((event) => errors.push(event)));
    return { moduleRef, service, rate: moduleRef.get(RateLimitConfig), changes, errors };
  }

  it('rejects an invalid or malformed edit, keeping the last good value, and applies a valid one', async () => {
    const { moduleRef, service, rate, changes, errors } = await start();
    expect(rate.limit).toBe(5);
    expect(rate.ttlMs).toBe(60_000);

    await writeFile(path, 'rateLimit:\n  limit: -5\n');
    await waitFor(() => errors.length === 1, 'the validation error');
    expect(errors[0]).toMatchObject({ kind: 'validation', source: `file:${path}` });
    expect(errors[0].message).toContain('rateLimit.limit: must not be less than 1');
    expect(rate.limit).toBe(5);

    await writeFile(path, 'rateLimit:\n  limit: [7\n');
    await waitFor(() => errors.length === 2, 'the parse error');
    expect(errors[1]).toMatchObject({ kind: 'parse', details: { location: path } });
    expect(rate.limit).toBe(5);
    expect(changes).toEqual([]);

    await writeFile(path, 'rateLimit:\n  limit: 7\n  ttlMs: 500\n');
    await waitFor(() => changes.length === 1, 'the applied change');
    expect(changes[0].changedPaths).toEqual(expect.arrayContaining(['rateLimit.limit']));
    expect(rate.limit).toBe(7);
    expect(service.get(RateLimitConfig)).toMatchObject({ limit: 7, ttlMs: 500 });
    expect(service.status().sources[0]).toMatchObject({ state: 'connected', rejectedUpdates: 2, lastError: undefined });
    expect(errors).toHaveLength(2);
    await moduleRef.close();
  });

  it('re-watches with backoff after the directory is removed, and applies what it finds when it is back', async () => {
    const sub = join(dir, 'sub');
    await mkdir(sub);
    path = join(sub, 'app.yaml');
    await writeFile(path, 'rateLimit:\n  limit: 5\n');
    const { moduleRef, service, rate } = await start({ initialDelayMs: 20, maxDelayMs: 100 });
    await rm(sub, { recursive: true });
    await waitFor(() => service.status().sources[0].state === 'reconnecting', 'the source to be reconnecting');
    expect(rate.limit).toBe(5);
    await mkdir(sub);
    await writeFile(path, 'rateLimit:\n  limit: 9\n');
    await waitFor(() => rate.limit === 9, 'the value from the recreated directory');
    expect(service.status().sources[0]).toMatchObject({ state: 'connected', lastError: undefined });
    await moduleRef.close();
  });

  it('started on its cache over a malformed file, applies the fix when it is written, not at the next retry', async () => {
    const cache = { path: join(dir, 'last-good.json') };
    await (await start(undefined, cache)).moduleRef.close();
    await writeFile(path, 'rateLimit:\n  limit: [5\n');
    const { moduleRef, service, rate } = await start({ initialDelayMs: 60_000 }, cache);
    expect(rate.limit).toBe(5);
    expect(service.status()).toMatchObject({
      state: 'degraded',
      sources: [{ state: 'cached', lastError: { message: expect.stringMatching(/YAML syntax error at line 3, column 1/) } }],
    });
    await writeFile(path, 'rateLimit:\n  limit: 6\n');
    await waitFor(() => rate.limit === 6, 'the fixed file to be applied', 3000);
    expect(service.status()).toMatchObject({ state: 'ready', sources: [{ state: 'connected', lastError: undefined }] });
    await moduleRef.close();
  });

  it('leaves no file watcher or timer behind once the module is closed', async () => {
    const before = watchHandles();
    const { moduleRef, rate, changes } = await start();
    await writeFile(path, 'rateLimit:\n  limit: 6\n');
    await waitFor(() => changes.length === 1, 'the first change');
    expect(rate.limit).toBe(6);
    expect(watchHandles()).toBeGreaterThan(before);
    // A change in flight at close: its debounce timer must go too.
    await writeFile(path, 'rateLimit:\n  limit: 8\n');
    await moduleRef.close();
    await waitFor(() => watchHandles() === before, 'every watcher and timer to be released', 2000);
  });
});

describe('FileConfigSource: handles', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('releases its watcher and timers on unsubscribe, even while waiting for a missing file', async () => {
    const path = join(dir, 'app.json');
    const before = watchHandles();
    const source = new FileConfigSource({ path, debounceMs: 1000 });
    const recorder = new EventRecorder(source.watch());
    await waitFor(() => watchHandles() >= before + 2, 'the watcher and the missing-file timer');
    recorder.stop();
    await waitFor(() => watchHandles() === before, 'the watcher and timer to be released', 2000);
    expect(recorder.events).toEqual([]);
    await source.close();
  });
});
