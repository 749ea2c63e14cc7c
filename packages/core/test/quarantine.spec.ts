import { MemoryConfigSource, type ConfigErrorEvent, type Section } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { ControlledSource } from './support/controlled-source';
import { SECTION_KINDS } from './support/pair-and-limits.sections';

async function startStore(sources: MemoryConfigSource[], sections: Section[]) {
  const store = new ConfigStore({ sources, sections });
  await store.load();
  store.startWatching();
  const errors: ConfigErrorEvent[] = [];
  store.errors$.subscribe((event) => errors.push(event));
  const section = <T extends object>(type: Section<T>) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, errors, section };
}

describe.each(SECTION_KINDS)(
  'quarantine: one bad key never freezes the rest of its source ($kind sections)',
  ({ Pair, Limits, limitTooSmall }) => {
    const started = (...sources: MemoryConfigSource[]) => startStore(sources, [Pair, Limits]);

    it('holds the section a rejected batch made invalid, lists it, and applies later batches that do not touch it', async () => {
      const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
      const { store, section } = await started(memory);
      memory.set('limits.limit', -737);
      const [quarantined] = store.status().quarantined;
      expect(quarantined).toEqual({
        section: 'limits',
        source: 'memory',
        issues: [limitTooSmall],
        since: expect.any(Date),
      });
      expect(store.status().state).toBe('degraded');
      expect(JSON.stringify(store.status())).not.toContain('737');

      memory.set('pair.a', 2);
      memory.set('other.flag', 'on');
      expect(section(Pair).a).toBe(2);
      expect(store.current.tree.other).toEqual({ flag: 'on' });
      expect(section(Limits).limit).toBe(5);
      expect(store.status().quarantined).toEqual([quarantined]);

      memory.set('limits.limit', -738);
      expect(store.status().quarantined[0].since).toBe(quarantined.since);
      memory.set('limits.limit', 6);
      expect(section(Limits).limit).toBe(6);
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
      expect(section(Pair).a).toBe(1);
      memory.set('other.x', '1');
      expect(section(Pair).a).toBe(1);
      memory.set('limits.limit', 7);
      expect(section(Pair).a).toBe(9);
      expect(section(Limits).limit).toBe(7);
      expect(store.current.tree).toEqual({ pair: { a: 9, b: 1 }, limits: { limit: 7 }, other: { x: '1' } });
      await store.close();
    });

    it('keeps what a rejected batch carried when a second rejected batch rewrites one of its paths', async () => {
      const memory = new MemoryConfigSource({ limits: { limit: 5 } });
      const { store, section } = await started(memory);
      memory.batch((batch) => {
        batch.set('limits.limit', -1);
        batch.set('misc.a', '1');
      });
      memory.set('limits.limit', -2);
      expect(store.current.tree.misc).toBeUndefined();
      memory.set('limits.limit', 6);
      expect(section(Limits).limit).toBe(6);
      expect(store.current.tree).toEqual({ limits: { limit: 6 }, misc: { a: '1' } });
      expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
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
      expect(section(Pair)).toMatchObject({ a: 9, b: 3 });
      expect(section(Limits).limit).toBe(5);
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
      expect(section(Limits).limit).toBe(5);
      await store.close();
    });

    it('blames a held section on the source whose value fails, not on another source that edits a valid field of it', async () => {
      const a = new MemoryConfigSource({ limits: { limit: 5 } }, 'a');
      const b = new MemoryConfigSource({}, 'b');
      const { store, errors, section } = await started(a, b);
      a.set('limits.limit', -1);
      b.set('limits.label', 'edited');
      expect(store.status().quarantined).toMatchObject([{ section: 'limits', source: 'a', issues: [limitTooSmall] }]);
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/^Config source 'a' · limits\.limit/),
        expect.stringMatching(/^Config source 'a' · limits\.limit/),
      ]);
      a.set('limits.limit', 6);
      expect(section(Limits)).toMatchObject({ limit: 6, label: 'edited' });
      expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
      expect(store.status().sources[0].lastError).toBeUndefined();
      b.set('limits.label', 'again');
      expect(store.status().sources[1].lastError).toBeUndefined();
      await store.close();
    });

    it('names the source whose value fails when a section is invalid at startup, not a later source with a valid field of it', async () => {
      const a = new MemoryConfigSource({ limits: { limit: -1 } }, 'a');
      const b = new MemoryConfigSource({ limits: { label: 'valid' } }, 'b');
      const store = new ConfigStore({ sources: [a, b], sections: [Pair, Limits] });
      await expect(store.load()).rejects.toThrow(/^Config source 'a' · limits\.limit/);
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

    it('remembers what a rejected batch left at the backend: the same tree again is no new update, and a fix applies over it', async () => {
      const remote = new ControlledSource('remote', { pair: { a: 1, b: 1 }, limits: { limit: 5 } });
      const store = new ConfigStore({ sources: [remote], sections: [Pair, Limits] });
      await store.load();
      store.startWatching();
      const rejected = { pair: { a: 1, b: 1 }, limits: { limit: 0, label: 'new' } };
      remote.emit({ kind: 'replace', tree: rejected, revision: '2' });
      remote.emit({ kind: 'replace', tree: rejected, revision: '3' });
      expect(store.status().sources[0]).toMatchObject({ rejectedUpdates: 1, receivedRevision: '3' });
      remote.emit({ kind: 'edits', edits: [{ path: ['limits', 'limit'], value: 7 }], revision: '4' });
      expect(store.current.sections[store.bindingOf(Limits).index]).toMatchObject({ limit: 7, label: 'new' });
      expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
      await store.close();
    });
  },
);
