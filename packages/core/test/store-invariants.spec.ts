import { MemoryConfigSource, type ConfigChangeEvent, type ConfigErrorEvent, type Section } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { ControlledSource } from './support/controlled-source';
import { SECTION_KINDS } from './support/pair-and-limits.sections';

async function startStore(sources: MemoryConfigSource[], sections: Section[]) {
  const store = new ConfigStore({ sources, sections });
  await store.load();
  store.startWatching();
  const changes: ConfigChangeEvent[] = [];
  const errors: ConfigErrorEvent[] = [];
  store.changes$.subscribe((event) => changes.push(event));
  store.errors$.subscribe((event) => errors.push(event));
  const section = <T extends object>(type: Section<T>) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, changes, errors, section };
}

describe.each(SECTION_KINDS)('store invariants ($kind sections)', ({ Pair, Limits, limitTooSmall, notANumber }) => {
  const start = (...sources: MemoryConfigSource[]) => startStore(sources, [Pair, Limits]);

  it('applies one batch as one swap: one version, one change event, every path together', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 } });
    const { store, changes, section } = await start(memory);
    const before = store.current;
    memory.batch((batch) => {
      batch.set('pair.a', 2);
      batch.set('pair.b', 2);
      batch.set('limits.limit', 20);
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ version: before.version + 1, source: 'memory' });
    expect([...changes[0].changedPaths].sort()).toEqual(['limits.limit', 'pair.a', 'pair.b']);
    expect(changes[0].previous).toBe(before.tree);
    expect(section(Pair)).toMatchObject({ a: 2, b: 2 });
    expect(before.sections[store.bindingOf(Pair).index]).toMatchObject({ a: 1, b: 1 });
    await store.close();
  });

  it('keeps untouched sections and subtrees identical across a swap', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
    const { store, section } = await start(memory);
    const pair = section(Pair);
    const limits = section(Limits);
    const limitsTree = store.current.tree.limits;
    memory.set('pair.a', 3);
    expect(section(Pair)).not.toBe(pair);
    expect(section(Limits)).toBe(limits);
    expect(store.current.tree.limits).toBe(limitsTree);
    memory.set('pair.a', 3);
    expect(store.current.version).toBe(2);
    await store.close();
  });

  it('rejects a batch whole when any section fails, keeps the last good, and applies the next valid batch', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 }, limits: { limit: 5 } });
    const { store, changes, errors, section } = await start(memory);
    const good = store.current;
    memory.batch((batch) => {
      batch.set('pair.a', 9);
      batch.set('limits.limit', -5);
    });
    expect(store.current).toBe(good);
    expect(changes).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ source: 'memory', kind: 'validation' });
    expect(errors[0].message).toContain(`limits.limit: ${limitTooSmall.message}`);
    expect(errors[0].message).not.toContain('-5');
    expect(errors[0].details).toEqual({ issues: [limitTooSmall] });
    expect(store.status().sources[0]).toMatchObject({ rejectedUpdates: 1, state: 'connected' });

    memory.set('limits.limit', 6);
    expect(section(Limits).limit).toBe(6);
    expect(section(Pair).a).toBe(9);
    expect(changes).toHaveLength(1);
    await store.close();
  });

  it('gives precedence to later sources and falls back when they delete', async () => {
    const base = new MemoryConfigSource({ limits: { limit: 5, label: 'base' } }, 'base');
    const override = new MemoryConfigSource({ limits: { limit: 7 } }, 'override');
    const { store, section } = await start(base, override);
    expect(section(Limits)).toMatchObject({ limit: 7, label: 'base' });
    base.set('limits.limit', 6);
    expect(section(Limits).limit).toBe(7);
    override.delete('limits.limit');
    expect(section(Limits).limit).toBe(6);
    base.delete('limits');
    expect(section(Limits)).toMatchObject({ limit: 10, label: 'default' });
    await store.close();
  });

  it.each([
    ['a forbidden path segment', (m: MemoryConfigSource) => m.set('__proto__.polluted', true), /forbidden key '__proto__'/],
    [
      'a forbidden key in a value',
      (m: MemoryConfigSource) => m.set('pair', JSON.parse('{"constructor": {"x": 1}}')),
      /forbidden key 'constructor'/,
    ],
    ['absurd nesting', (m: MemoryConfigSource) => m.set('deep', nest(100)), /deeper than the limit/],
    ['an oversized value', (m: MemoryConfigSource) => m.set('big', 'x'.repeat(2 * 1024 * 1024)), /characters long/],
    ['a wrong type', (m: MemoryConfigSource) => m.set('pair.a', 'not a number'), `pair.a: ${notANumber}`],
    ['a non-object section', (m: MemoryConfigSource) => m.set('pair', 42), /pair: must be an object \(got a number\)/],
  ])('rejects %s with a clear, counted error and never crashes', async (_, edit, reason) => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 } });
    const { store, errors } = await start(memory);
    const good = store.current;
    edit(memory);
    expect(store.current).toBe(good);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(reason);
    expect(store.status().sources[0].rejectedUpdates).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    memory.set('pair.a', 2);
    expect(store.current.version).toBe(good.version + 1);
    await store.close();
  });

  it('applies what a rejected batch carried for other keys once a later batch makes it valid', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: 5, label: 'a' } });
    const { store, section } = await start(memory);
    memory.batch((batch) => {
      batch.set('limits.limit', 0);
      batch.set('limits.label', 'b');
    });
    expect(section(Limits)).toMatchObject({ limit: 5, label: 'a' });
    memory.set('limits.limit', 8);
    expect(section(Limits)).toMatchObject({ limit: 8, label: 'b' });
    await store.close();
  });

  it('converts strings to the declared field types', async () => {
    const memory = new MemoryConfigSource({ limits: { limit: '12' }, pair: { a: '3', b: ' 4 ' } });
    const { store, section } = await start(memory);
    expect(section(Limits).limit).toBe(12);
    expect(section(Pair)).toMatchObject({ a: 3, b: 4 });
    await store.close();
  });
});

function nest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

describe('store input', () => {
  it('freezes what a source hands over all the way down, when the source froze only the top', async () => {
    const db = { host: 'a' };
    const remote = new ControlledSource('remote', Object.freeze({ db }));
    const store = new ConfigStore({ sources: [remote] });
    await store.load();
    store.startWatching();
    const replica = { host: 'r' };
    remote.emit({ kind: 'replace', tree: Object.freeze({ db, replica }), revision: '2' });
    const node = { host: 'c' };
    remote.emit({ kind: 'edits', edits: [{ path: ['cache'], value: Object.freeze({ node }) }], revision: '3' });
    expect([db, replica, node].map((held) => Object.isFrozen(held))).toEqual([true, true, true]);
    expect(() => (db.host = 'changed behind the store')).toThrow(TypeError);
    expect(store.current.tree).toEqual({ db: { host: 'a' }, replica: { host: 'r' }, cache: { node: { host: 'c' } } });
    await store.close();
  });
});

describe('store outcomes', () => {
  it("tells no one of a batch before its source's status shows what became of it", async () => {
    const remote = new ControlledSource('remote', { limits: { limit: 5 } });
    const store = new ConfigStore({ sources: [remote], sections: [SECTION_KINDS[0].Limits] });
    await store.load();
    store.startWatching();
    const seen: unknown[] = [];
    const source = () => store.status().sources[0];
    store.changes$.subscribe(() => seen.push(['change', source().revision, source().receivedRevision]));
    store.errors$.subscribe((event) => seen.push([event.kind, source().rejectedUpdates, source().receivedRevision]));
    remote.emit({ kind: 'edits', edits: [{ path: ['limits', 'limit'], value: 7 }], revision: '2' });
    remote.emit({ kind: 'edits', edits: [{ path: ['limits', 'limit'], value: 0 }], revision: '3' });
    expect(seen).toEqual([
      ['change', '2', '2'],
      ['validation', 1, '3'],
    ]);
    await store.close();
  });
});
