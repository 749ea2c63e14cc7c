import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsInt, Min } from 'class-validator';
import { ConfigSection, ConfigSourceError, EnvConfigSource, MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { waitFor } from '@config-center/testing/harness';
import { ControlledSource } from './support/controlled-source';

@ConfigSection('rateLimit')
class RateLimitConfig {
  @IsInt() @Min(1) limit = 100;
}

const fastRetry = { initialDelayMs: 10, maxDelayMs: 40 };

describe('last-known-good cache', () => {
  let dir: string;
  let cachePath: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'config-center-cache-'));
    cachePath = join(dir, 'nested', 'last-good.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function seedCache(limit: number): Promise<void> {
    const memory = new MemoryConfigSource({ rateLimit: { limit } }, 'remote');
    const store = new ConfigStore({ sources: [memory], sections: [RateLimitConfig], cache: { path: cachePath } });
    await store.load();
    await store.close();
  }

  it('writes the applied snapshot after every swap, atomically, without the temp file left behind', async () => {
    const memory = new MemoryConfigSource({ rateLimit: { limit: 5 } }, 'remote');
    const store = new ConfigStore({ sources: [memory], sections: [RateLimitConfig], cache: { path: cachePath } });
    await store.load();
    store.startWatching();
    memory.set('rateLimit.limit', 6);
    memory.set('rateLimit.limit', 7);
    await store.close();
    const cached = JSON.parse(await readFile(cachePath, 'utf8'));
    expect(cached).toMatchObject({
      format: 'config-center/last-good@1',
      version: 3,
      sources: { remote: { tree: { rateLimit: { limit: 7 } } } },
    });
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'nested'))).toEqual(['last-good.json']);
  });

  it('serves a failing source from the cache, reports it as cached, and applies the live config once it is back', async () => {
    await seedCache(42);
    const remote = new ControlledSource('remote', { rateLimit: { limit: 7 } });
    remote.mode = 'down';
    const store = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], cache: { path: cachePath }, retry: fastRetry });
    await store.load();
    expect(store.current.tree).toEqual({ rateLimit: { limit: 42 } });
    expect(store.status()).toMatchObject({ state: 'degraded', sources: [{ name: 'remote', state: 'cached' }] });
    expect(store.status().sources[0].lastError?.message).toContain('ECONNREFUSED');
    store.startWatching();
    await waitFor(() => remote.loads >= 3, 'three load attempts');
    remote.mode = 'up';
    await waitFor(() => store.status().state === 'ready', 'the store to be ready');
    expect(store.current.tree).toEqual({ rateLimit: { limit: 7 } });
    // Failed retries of a source that never connected are no reconnects; losing the connection is.
    expect(store.status().sources[0].reconnects).toBe(0);
    remote.emit({ kind: 'state', state: 'reconnecting', error: new Error('connection reset') });
    expect(store.status().sources[0]).toMatchObject({ state: 'reconnecting', reconnects: 1 });
    await store.close();
  });

  it('serves the cache when the first load exceeds startupTimeoutMs', async () => {
    await seedCache(42);
    const remote = new ControlledSource('remote', { rateLimit: { limit: 7 } });
    remote.mode = 'hang';
    const store = new ConfigStore({
      sources: [remote],
      sections: [RateLimitConfig],
      cache: { path: cachePath },
      startupTimeoutMs: 50,
      retry: fastRetry,
    });
    await store.load(); // returns although the source still hangs: the timeout, not the source, ended it
    expect(store.status().sources[0]).toMatchObject({ state: 'cached' });
    expect(store.status().sources[0].lastError?.message).toBe("Config source 'remote': did not load within 50 ms");
    store.startWatching();
    remote.mode = 'up';
    remote.release();
    await waitFor(() => store.status().state === 'ready', 'the store to be ready');
    expect(store.current.tree).toEqual({ rateLimit: { limit: 7 } });
    await store.close();
  });

  it('serves a section that is invalid at startup from the cache, quarantined, and releases it once its live config is fixed', async () => {
    await seedCache(42);
    const remote = new ControlledSource('remote', { rateLimit: { limit: -737 } });
    const store = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], cache: { path: cachePath }, retry: fastRetry });
    const errors: ConfigErrorEvent[] = [];
    store.errors$.subscribe((event) => errors.push(event));
    await store.load();
    expect(store.current.sections[0]).toMatchObject({ limit: 42 });
    expect(errors[0]).toMatchObject({ source: 'remote', kind: 'validation' });
    expect(errors[0].message).toContain('rateLimit.limit: must not be less than 1');
    expect(store.status()).toMatchObject({
      state: 'degraded',
      sources: [{ name: 'remote', state: 'connected' }],
      quarantined: [
        { section: 'rateLimit', source: 'remote', issues: [{ path: 'rateLimit.limit', constraints: { min: expect.any(String) } }] },
      ],
    });
    expect(JSON.stringify(store.status())).not.toContain('737');
    store.startWatching();
    remote.emit({ kind: 'edits', edits: [{ path: ['rateLimit', 'limit'], value: 8 }], revision: '2' });
    expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
    expect(store.current.sections[0]).toMatchObject({ limit: 8 });
    await store.close();
  });

  it("takes only the invalid section from the cache, never another source's cached slice (a removed env var stays removed)", async () => {
    const seed = new ConfigStore({
      sources: [
        new MemoryConfigSource({ rateLimit: { limit: 5 }, other: { x: 'file' } }, 'file'),
        new EnvConfigSource({ prefix: 'DEMO__', env: { DEMO__OTHER__X: 'env' } }),
      ],
      sections: [RateLimitConfig],
      cache: { path: cachePath },
    });
    await seed.load();
    await seed.close();

    const store = new ConfigStore({
      sources: [
        new MemoryConfigSource({ rateLimit: { limit: 0 }, other: { x: 'file' } }, 'file'),
        new EnvConfigSource({ prefix: 'DEMO__', env: {} }),
      ],
      sections: [RateLimitConfig],
      cache: { path: cachePath },
    });
    await store.load();
    expect(store.current.tree).toEqual({ rateLimit: { limit: 5 }, other: { x: 'file' } });
    expect(store.status().sources.map((s) => s.state)).toEqual(['connected', 'connected']);
    expect(store.status().quarantined).toMatchObject([{ section: 'rateLimit', source: 'file' }]);
    await store.close();
  });

  it('reads back a cache holding a key as deep as the limits allow', async () => {
    const path = Array.from({ length: 31 }, (_, i) => `p${i}`).join('.');
    const memory = new MemoryConfigSource({ rateLimit: { limit: 5 } }, 'remote');
    const store = new ConfigStore({ sources: [memory], sections: [RateLimitConfig], cache: { path: cachePath } });
    await store.load();
    store.startWatching();
    memory.set(path, 'deep');
    await store.close();
    const remote = new ControlledSource('remote');
    remote.mode = 'down';
    const errors: ConfigErrorEvent[] = [];
    const next = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], cache: { path: cachePath } });
    next.errors$.subscribe((event) => errors.push(event));
    await next.load();
    expect(next.readerFor(path)(next.current)).toBe('deep');
    expect(errors.map((e) => e.message).join()).not.toMatch(/corrupt/);
    await next.close();
  });

  it('fails startup naming the source and the cause when there is no cache', async () => {
    const remote = new ControlledSource('remote');
    remote.mode = 'down';
    const store = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], cache: { path: cachePath } });
    const error = await store.load().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(ConfigSourceError);
    expect(error?.message).toMatch(/'remote'.*ECONNREFUSED 127\.0\.0\.1:1/);
    expect(remote.closed).toBe(true);
  });

  it('continues on defaults with failFast: false, and keeps retrying', async () => {
    const remote = new ControlledSource('remote', { rateLimit: { limit: 3 } });
    remote.mode = 'down';
    const store = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], failFast: false, retry: fastRetry });
    await store.load();
    expect(store.current.sections[0]).toMatchObject({ limit: 100 });
    expect(store.status().sources[0].state).toBe('failed');
    store.startWatching();
    remote.mode = 'up';
    await waitFor(() => store.status().state === 'ready', 'the store to be ready');
    expect(store.current.sections[0]).toMatchObject({ limit: 3 });
    await store.close();
  });

  it.each([
    ['not JSON', '{"format": "config-center/last-good@1", "sources": {'],
    ['the wrong format', JSON.stringify({ format: 'other', sources: {} })],
    ['a forbidden key', '{"format": "config-center/last-good@1", "version": 1, "sources": {"remote": {"tree": {"__proto__": {"x": 1}}}}}'],
  ])('reports a corrupt cache (%s) and never trusts it', async (_, text) => {
    await writeFile(cachePath.replace('nested/', ''), text);
    const remote = new ControlledSource('remote');
    remote.mode = 'down';
    const store = new ConfigStore({ sources: [remote], sections: [RateLimitConfig], cache: { path: cachePath.replace('nested/', '') } });
    const errors: ConfigErrorEvent[] = [];
    store.errors$.subscribe((event) => errors.push(event));
    await expect(store.load()).rejects.toThrow(ConfigSourceError);
    expect(errors[0]).toMatchObject({ kind: 'parse' });
    expect(errors[0].message).toContain('corrupt cache ignored');
  });
});
