import { MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { LimitsConfig, PairConfig } from './support/pair-and-limits.sections';

async function started(...sources: MemoryConfigSource[]) {
  const store = new ConfigStore({ sources, sections: [PairConfig, LimitsConfig] });
  await store.load();
  store.startWatching();
  const errors: ConfigErrorEvent[] = [];
  store.errors$.subscribe((event) => errors.push(event));
  const section = <T extends object>(type: new () => T) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, errors, section };
}

describe('quarantine: one bad key never freezes the rest of its source', () => {
  it('holds the section a rejected batch made invalid, lists it, and applies later batches that do not touch it', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
    const { store, section } = await started(memory);
    memory.set('limits.limit', -737);
    const [quarantined] = store.status().quarantined;
    expect(quarantined).toEqual({
      section: 'limits',
      source: 'memory',
      issues: [{ path: 'limits.limit', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' }],
      since: expect.any(Date),
    });
    expect(store.status().state).toBe('degraded');
    expect(JSON.stringify(store.status())).not.toContain('737');

    memory.set('pair.a', 2);
    memory.set('other.flag', 'on');
    expect(section(PairConfig).a).toBe(2);
    expect(store.current.tree.other).toEqual({ flag: 'on' });
    expect(section(LimitsConfig).limit).toBe(5);
    expect(store.status().quarantined).toEqual([quarantined]);

    memory.set('limits.limit', -738);
    expect(store.status().quarantined[0].since).toBe(quarantined.since);
    memory.set('limits.limit', 6);
    expect(section(LimitsConfig).limit).toBe(6);
    expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
    await store.close();
  });

  it('keeps a rejected batch whole: what it carried for a valid section applies once the invalid one is fixed', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
    const { store, section } = await started(memory);
    memory.batch((batch) => {
      batch.set('pair.a', 9);
      batch.set('limits.limit', 0);
    });
    expect(section(PairConfig).a).toBe(1);
    memory.set('other.x', '1');
    expect(section(PairConfig).a).toBe(1);
    memory.set('limits.limit', 7);
    expect(section(PairConfig).a).toBe(9);
    expect(section(LimitsConfig).limit).toBe(7);
    expect(store.current.tree).toEqual({ pair: { a: 9, b: 1 }, limits: { limit: 7 }, other: { x: '1' } });
    await store.close();
  });

  it('applies a later change to a section that a rejected batch also touched, with what that batch carried for it', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
    const { store, section } = await started(memory);
    memory.batch((batch) => {
      batch.set('pair.a', 9);
      batch.set('limits.limit', 0);
    });
    memory.set('pair.b', 3);
    expect(section(PairConfig)).toMatchObject({ a: 9, b: 3 });
    expect(section(LimitsConfig).limit).toBe(5);
    expect(store.status().quarantined.map((q) => q.section)).toEqual(['limits']);
    await store.close();
  });

  it('releases a section when its bad value is taken back, and converges on the backend through another source', async () => {
    const base = new MemoryConfigSource({ limits: { limit: 5 } }, 'base');
    const override = new MemoryConfigSource({}, 'override');
    const { store, section } = await started(base, override);
    override.set('limits.limit', -1);
    expect(store.status().quarantined).toMatchObject([{ section: 'limits', source: 'override' }]);
    override.delete('limits.limit');
    expect(store.status().quarantined).toEqual([]);
    expect(section(LimitsConfig).limit).toBe(5);
    await store.close();
  });

  it("shows the revision of the last applied batch as the source's revision, and the last delivered one apart", async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5 } });
    const { store } = await started(memory);
    memory.set('limits.limit', 6);
    const applied = store.status().sources[0].revision;
    memory.set('limits.limit', 0);
    expect(store.status().sources[0]).toMatchObject({ revision: applied, rejectedUpdates: 1 });
    expect(store.status().sources[0].receivedRevision).not.toBe(applied);
    memory.set('pair.a', 4);
    expect(store.status().sources[0].revision).toBe(store.status().sources[0].receivedRevision);
    await store.close();
  });
});
