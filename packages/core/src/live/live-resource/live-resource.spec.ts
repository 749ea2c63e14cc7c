import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '../../decorators/config-section.decorator';
import { ConfigCenterError } from '../../errors';
import type { ConfigErrorEvent } from '../../interfaces/config-events.interface';
import { MemoryConfigSource } from '../../sources/memory-config-source';
import { ConfigStore } from '../../store/config-store';
import { LiveResource, type LiveResourceOptions } from './live-resource';

@ConfigSection('pool')
class PoolConfig {
  @IsInt() @Min(1) size = 1;
}

/** A stand-in resource that records its life. */
interface Pool {
  readonly size: number;
  disposed: boolean;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('LiveResource', () => {
  let memory: MemoryConfigSource;
  let store: ConfigStore;
  let errors: ConfigErrorEvent[];
  let built: Pool[];
  const resources: LiveResource<Pool, PoolConfig>[] = [];

  const options = (overrides: Partial<LiveResourceOptions<Pool, PoolConfig>> = {}): LiveResourceOptions<Pool, PoolConfig> => ({
    name: 'pool',
    config: PoolConfig,
    build: (config) => {
      if (config.size === 13) throw new Error('size 13 is unlucky');
      const pool = { size: config.size, disposed: false };
      built.push(pool);
      return pool;
    },
    dispose: (pool) => {
      pool.disposed = true;
    },
    ...overrides,
  });
  const start = async (overrides?: Partial<LiveResourceOptions<Pool, PoolConfig>>) => {
    const resource = await LiveResource.start(store, options(overrides));
    resources.push(resource);
    return resource;
  };

  beforeEach(async () => {
    memory = new MemoryConfigSource({ pool: { size: 1 } });
    store = new ConfigStore({ sources: [memory], sections: [PoolConfig] });
    await store.load();
    store.startWatching();
    errors = [];
    built = [];
    store.errors$.subscribe((event) => errors.push(event));
  });
  afterEach(async () => {
    await Promise.all(resources.splice(0).map((resource) => resource.close()));
    await store.close();
  });

  it('builds the new resource first, hands it to new calls, and disposes the old one once its calls are done', async () => {
    const resource = await start();
    const lease = resource.acquire();
    memory.set('pool.size', 2);
    await until(() => resource.stats().generation === 2, 'generation 2');
    expect(resource.current.size).toBe(2);
    expect(await resource.use((pool) => pool.size)).toBe(2);
    expect([lease.resource.size, lease.resource.disposed, resource.stats().draining]).toEqual([1, false, 1]);
    lease.release();
    lease.release();
    await until(() => built[0].disposed, 'the old pool disposed');
    expect(resource.stats()).toEqual({ generation: 2, inFlight: 0, draining: 0, rebuilds: 1, failedBuilds: 0 });
    expect(built[1].disposed).toBe(false);
  });

  it('keeps the old resource when a build fails, reports it, and rebuilds on the next change', async () => {
    const resource = await start();
    memory.set('pool.size', 13);
    await until(() => errors.length === 1, 'an error event');
    expect(errors[0]).toMatchObject({ source: 'resource:pool', kind: 'handler' });
    expect(errors[0].message).toContain("Resource 'pool' could not be rebuilt; the previous one stays in use: size 13 is unlucky");
    expect([resource.current.size, resource.current.disposed, resource.stats().failedBuilds]).toEqual([1, false, 1]);
    memory.set('pool.size', 3);
    await until(() => resource.current.size === 3, 'the size-3 pool');
    expect(built.map((pool) => [pool.size, pool.disposed])).toEqual([
      [1, true],
      [3, false],
    ]);
  });

  it('collapses changes that arrive during a build into one rebuild from the latest config', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const sizes: number[] = [];
    const resource = await start({
      build: async (config) => {
        sizes.push(config.size);
        if (config.size > 1) await gate;
        return { size: config.size, disposed: false };
      },
    });
    memory.set('pool.size', 2);
    await until(() => sizes.length === 2, 'the second build to start');
    memory.set('pool.size', 3);
    memory.set('pool.size', 4);
    open();
    await until(() => resource.current.size === 4, 'the size-4 pool');
    expect(sizes).toEqual([1, 2, 4]);
    expect(resource.stats().generation).toBe(3);
  });

  it('ignores swaps that leave its section alone', async () => {
    const resource = await start();
    memory.set('other.value', 1);
    memory.set('pool.size', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([built.length, resource.stats().generation]).toEqual([1, 1]);
  });

  it('disposes a retired resource after drainTimeoutMs even with a call still holding it', async () => {
    const resource = await start({ drainTimeoutMs: 30 });
    const lease = resource.acquire();
    memory.set('pool.size', 2);
    await until(() => built[0].disposed, 'the forced disposal');
    lease.release();
    expect(resource.stats().draining).toBe(0);
  });

  it('on close, waits for calls in flight, then disposes; refuses new calls', async () => {
    const resource = await start();
    const lease = resource.acquire();
    const closed = resource.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(built[0].disposed).toBe(false);
    lease.release();
    await closed;
    expect(built[0].disposed).toBe(true);
    expect(() => resource.acquire()).toThrow("Resource 'pool' is closed");
  });

  it('fails start when the first build fails, naming the resource', async () => {
    memory.set('pool.size', 13);
    const failure = await start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigCenterError);
    expect((failure as Error).message).toBe("Resource 'pool' could not be built: size 13 is unlucky");
  });
});
