import { IsInt } from 'class-validator';
import { Observable } from 'rxjs';
import {
  ConfigSection,
  EnvConfigSource,
  MemoryConfigSource,
  type ConfigErrorEvent,
  type ConfigSource,
  type ConfigSourceEvent,
} from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';

@ConfigSection('pair')
class PairConfig {
  @IsInt() a = 0;
  @IsInt() b = 0;
}

const deepPath = (segments: number) => Array.from({ length: segments }, (_, i) => `s${i % 10}`).join('.');

async function started(source: ConfigSource) {
  const store = new ConfigStore({ sources: [source], sections: [PairConfig] });
  await store.load();
  store.startWatching();
  const errors: ConfigErrorEvent[] = [];
  store.errors$.subscribe((event) => errors.push(event));
  return { store, errors, pair: () => store.current.sections[store.bindingOf(PairConfig).index] as PairConfig };
}

describe('hostile keys', () => {
  it('leaves out a key of 100,000 segments and one of 40, reports each, applies the rest, and the next start loads every other key', async () => {
    const memory = new MemoryConfigSource({ pair: { a: 1, b: 1 } });
    const first = await started(memory);
    memory.batch((batch) => {
      batch.set(deepPath(100_000), 1);
      batch.set(deepPath(40), 1);
      batch.set('pair.a', 2);
    });
    expect(first.pair()).toMatchObject({ a: 2, b: 1 });
    expect(first.errors.map((e) => [e.kind, e.source])).toEqual([
      ['parse', 'memory'],
      ['parse', 'memory'],
    ]);
    expect(first.errors[0].message).toMatch(/100000 segments; the depth limit is 32/);
    expect(first.errors[1].message).toMatch(/40 segments; the depth limit is 32/);
    expect(first.store.status().sources[0].rejectedUpdates).toBe(2);
    memory.set('pair.b', 3);
    expect(first.pair()).toMatchObject({ a: 2, b: 3 });
    const persisted = (await memory.load()).tree;
    await first.store.close();

    const next = new ConfigStore({ sources: [new MemoryConfigSource(persisted)], sections: [PairConfig] });
    await next.load();
    expect(next.current.tree).toEqual({ pair: { a: 2, b: 3 } });
    await next.close();
  });

  it('starts with every other variable when one is 40 segments deep', async () => {
    const env = { APP__PAIR__A: '4', [`APP__${deepPath(40).toUpperCase().replace(/\./g, '__')}`]: '1' };
    const store = new ConfigStore({ sources: [new EnvConfigSource({ prefix: 'APP__', env })], sections: [PairConfig] });
    await store.load();
    expect(store.current.sections[store.bindingOf(PairConfig).index]).toMatchObject({ a: 4, b: 0 });
    expect(store.status().sources[0]).toMatchObject({ state: 'connected', rejectedUpdates: 1 });
    await store.close();
  });

  it('reports what throws while a batch is applied, and goes on with the next batch', async () => {
    let emit: (event: ConfigSourceEvent) => void = () => undefined;
    const source: ConfigSource = {
      name: 'broken',
      load: async () => ({ tree: { pair: { a: 1 } } }),
      watch: () => new Observable<ConfigSourceEvent>((subscriber) => void (emit = (event) => subscriber.next(event))),
      close: async () => undefined,
    };
    const { store, errors, pair } = await started(source);
    emit({ kind: 'edits', edits: [{ path: null as unknown as string[], value: 1 }] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'source', source: 'broken' });
    emit({ kind: 'edits', edits: [{ path: ['pair', 'a'], value: 5 }] });
    expect(pair().a).toBe(5);
    await store.close();
  });
});
