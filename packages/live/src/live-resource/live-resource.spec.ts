import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { ConfigCenterError, ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource } from '@config-center/core';
import { waitFor } from '@config-center/testing/harness';
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

describe('LiveResource', () => {
  let memory: MemoryConfigSource;
  let moduleRef: TestingModule;
  let logged: jest.SpyInstance;
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
    const resource = await LiveResource.start(moduleRef.get(ConfigCenterService), options(overrides));
    resources.push(resource);
    return resource;
  };

  beforeEach(async () => {
    memory = new MemoryConfigSource({ pool: { size: 1 } });
    const module = ConfigCenterModule.forRoot({ sources: [memory], sections: [PoolConfig] });
    moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
    await moduleRef.init();
    built = [];
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await Promise.all(resources.splice(0).map((resource) => resource.close()));
    await moduleRef.close();
    logged.mockRestore();
  });

  it('builds the new resource first, hands it to new calls, and disposes the old one once its calls are done', async () => {
    const resource = await start();
    const lease = resource.acquire();
    memory.set('pool.size', 2);
    await waitFor(() => resource.stats().generation === 2, 'generation 2');
    expect(resource.current.size).toBe(2);
    expect(await resource.use((pool) => pool.size)).toBe(2);
    expect([lease.resource.size, lease.resource.disposed, resource.stats().draining]).toEqual([1, false, 1]);
    lease.release();
    lease.release();
    await waitFor(() => built[0].disposed, 'the old pool disposed');
    expect(resource.stats()).toEqual({ generation: 2, inFlight: 0, draining: 0, rebuilds: 1, failedBuilds: 0 });
    expect(built[1].disposed).toBe(false);
  });

  it('keeps the old resource when a build fails, logs it, and rebuilds on the next change', async () => {
    const resource = await start();
    memory.set('pool.size', 13);
    await waitFor(() => resource.stats().failedBuilds === 1, 'the failed build');
    expect(logged).toHaveBeenCalledWith("Resource 'pool' could not be rebuilt; the previous one stays in use: size 13 is unlucky");
    expect([resource.current.size, resource.current.disposed]).toEqual([1, false]);
    memory.set('pool.size', 3);
    await waitFor(() => resource.current.size === 3, 'the size-3 pool');
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
    await waitFor(() => sizes.length === 2, 'the second build to start');
    memory.set('pool.size', 3);
    memory.set('pool.size', 4);
    open();
    await waitFor(() => resource.current.size === 4, 'the size-4 pool');
    expect(sizes).toEqual([1, 2, 4]);
    expect(resource.stats().generation).toBe(3);
  });

  it('ignores swaps that leave its section alone', async () => {
    const resource = await start();
    memory.set('other.value', 1);
    memory.set('pool.size', 1);
    // A later change of its section arrives: the two before it had their chance to rebuild.
    memory.set('pool.size', 2);
    await waitFor(() => resource.stats().generation === 2, 'the rebuild for the later change');
    expect(built.map((pool) => pool.size)).toEqual([1, 2]);
  });

  it('follows a dotted path as well as a section, and rebuilds at once from a change made during the first build', async () => {
    const sizes: number[] = [];
    const resource = await LiveResource.start<Pool, number>(moduleRef.get(ConfigCenterService), {
      name: 'sized',
      config: 'pool.size',
      build: (size) => {
        sizes.push(size);
        if (sizes.length === 1) memory.set('pool.size', 5);
        return { size, disposed: false };
      },
      dispose: () => undefined,
    });
    try {
      await waitFor(() => resource.current.size === 5, 'the size-5 pool');
      expect(sizes).toEqual([1, 5]);
    } finally {
      await resource.close();
    }
  });

  it('disposes a retired resource after drainTimeoutMs even with a call still holding it', async () => {
    const resource = await start({ drainTimeoutMs: 30 });
    const lease = resource.acquire();
    memory.set('pool.size', 2);
    await waitFor(() => built[0].disposed, 'the forced disposal');
    lease.release();
    expect(resource.stats().draining).toBe(0);
  });

  it('on close, waits for calls in flight, then disposes; refuses new calls', async () => {
    const resource = await start();
    const lease = resource.acquire();
    const closed = resource.close();
    await waitFor(() => resource.stats().draining === 1, 'close() to retire the pool and wait for its call');
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
