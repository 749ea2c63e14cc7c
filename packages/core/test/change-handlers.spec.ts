import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt } from 'class-validator';
import { firstValueFrom, skip, take, toArray } from 'rxjs';
import {
  ConfigCenterModule,
  ConfigCenterService,
  ConfigSection,
  MemoryConfigSource,
  OnConfigChange,
  type ConfigErrorEvent,
  type ConfigStatus,
} from '@config-center/core';

@ConfigSection('pool')
class PoolConfig {
  @IsInt() size = 1;
}

@Injectable()
class PoolWatcher {
  readonly calls: string[] = [];

  @OnConfigChange(PoolConfig)
  explode(): void {
    throw new Error('handler bug');
  }

  @OnConfigChange(PoolConfig)
  async rejectLater(): Promise<void> {
    throw new Error('async handler bug');
  }

  @OnConfigChange(PoolConfig)
  resize(next: PoolConfig, previous: PoolConfig): void {
    this.calls.push(`size ${previous.size} -> ${next.size}`);
  }

  @OnConfigChange('feature.enabled')
  toggle(next: boolean | undefined, previous: boolean | undefined): void {
    this.calls.push(`feature ${previous} -> ${next}`);
  }
}

async function boot(memory: MemoryConfigSource) {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [PoolConfig], isGlobal: true })],
    providers: [PoolWatcher],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('@OnConfigChange and observe()', () => {
  it('calls handlers with (next, previous) on distinct changes only, isolating handlers that throw', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1 } });
    const moduleRef = await boot(memory);
    const service = moduleRef.get(ConfigCenterService);
    const errors: ConfigErrorEvent[] = [];
    service.errors$.subscribe((event) => errors.push(event));
    memory.set('pool.size', 2);
    memory.set('feature.enabled', true);
    memory.set('pool.size', 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(moduleRef.get(PoolWatcher).calls).toEqual(['size 1 -> 2', 'feature undefined -> true', 'size 2 -> 3']);
    const handlerErrors = errors.filter((e) => e.kind === 'handler');
    expect(handlerErrors.map((e) => e.source).sort()).toEqual([
      'PoolWatcher.explode',
      'PoolWatcher.explode',
      'PoolWatcher.rejectLater',
      'PoolWatcher.rejectLater',
    ]);
    expect(service.get(PoolConfig).size).toBe(3);
    await moduleRef.close();
  });

  it('does not call a section handler, emit observe(Section) or name the section when only a key no field declares changed', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1 } });
    const moduleRef = await boot(memory);
    const service = moduleRef.get(ConfigCenterService);
    const pools = firstValueFrom(service.observe(PoolConfig).pipe(take(2), toArray()));
    const changed: string[][] = [];
    service.changes$.subscribe((change) => changed.push([...change.changedSections]));
    memory.set('pool.sise', 7);
    memory.set('pool.sise', 8);
    // The real change after them is the barrier: had the typos fired anything, it would be listed before it.
    memory.set('pool.size', 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(moduleRef.get(PoolWatcher).calls).toEqual(['size 1 -> 2']);
    expect((await pools).map((p) => p.size)).toEqual([1, 2]);
    expect(changed).toEqual([[], [], ['PoolConfig']]);
    await moduleRef.close();
  });

  it('reads a key no field declares fresh by path, though the section instance stays', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1, note: 'a' } });
    const moduleRef = await boot(memory);
    const service = moduleRef.get(ConfigCenterService);
    expect(service.get('pool.note')).toBe('a');
    memory.set('pool.note', 'b');
    memory.set('pool.extra', { x: '1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(moduleRef.get(PoolWatcher).calls).toEqual([]);
    expect(service.get('pool.note')).toBe('b');
    expect(service.get('pool.extra.x')).toBe(1);
    memory.delete('pool.note');
    await new Promise((resolve) => setImmediate(resolve));
    expect(service.get('pool.note', 'gone')).toBe('gone');
    await moduleRef.close();
  });

  it('observe() replays the current value, then emits each distinct change', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1 }, other: 1 });
    const moduleRef = await boot(memory);
    const service = moduleRef.get(ConfigCenterService);
    const sizes = firstValueFrom(service.observe(PoolConfig).pipe(take(3), toArray()));
    const paths = firstValueFrom(service.observe<number>('pool.size').pipe(take(3), toArray()));
    memory.set('other', 2);
    memory.set('pool.size', 2);
    memory.set('other', 3);
    memory.set('pool.size', 5);
    expect((await sizes).map((p) => p.size)).toEqual([1, 2, 5]);
    expect(await paths).toEqual([1, 2, 5]);
    await moduleRef.close();
  });

  it('status$ gives the status now, then each change: one that the first status sets off too', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1 } });
    const moduleRef = await boot(memory);
    const versions: number[] = [];
    const subscription = moduleRef.get(ConfigCenterService).status$.subscribe(({ version }) => {
      versions.push(version);
      if (versions.length === 1) memory.set('pool.size', 4);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(versions).toEqual([1, 2]);
    subscription.unsubscribe();
    await moduleRef.close();
  });

  it('reports status changes on status$ and completes every stream on close', async () => {
    const memory = new MemoryConfigSource({ pool: { size: 1 } });
    const moduleRef = await boot(memory);
    const service = moduleRef.get(ConfigCenterService);
    const statuses = firstValueFrom(service.status$.pipe(skip(1), take(1)));
    memory.set('pool.size', 4);
    const status: ConfigStatus = await statuses;
    expect(status).toMatchObject({ state: 'ready', version: 2, sources: [{ name: 'memory', state: 'connected', revision: '1' }] });
    const completed = { changes: false, errors: false, status: false, observe: false };
    service.changes$.subscribe({ complete: () => (completed.changes = true) });
    service.errors$.subscribe({ complete: () => (completed.errors = true) });
    service.status$.subscribe({ complete: () => (completed.status = true) });
    service.observe(PoolConfig).subscribe({ complete: () => (completed.observe = true) });
    await moduleRef.close();
    expect(completed).toEqual({ changes: true, errors: true, status: true, observe: true });
  });
});
