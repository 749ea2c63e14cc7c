import type { ConfigErrorEvent, InputLimits } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { ControlledSource } from './support/controlled-source';
import { LimitsConfig, PairConfig } from './support/pair-and-limits.sections';

async function started(remote: ControlledSource, limits: InputLimits) {
  const store = new ConfigStore({ sources: [remote], sections: [PairConfig, LimitsConfig], limits });
  await store.load();
  store.startWatching();
  const errors: ConfigErrorEvent[] = [];
  store.errors$.subscribe((event) => errors.push(event));
  const section = <T extends object>(type: new () => T) => store.current.sections[store.bindingOf(type).index] as T;
  return { store, errors, section };
}

describe('input limits: what breaks them is left out or kept pending, never lost', () => {
  it('refuses a batch over maxDocumentLength as a rejected batch, and applies it once a later batch makes it fit', async () => {
    const remote = new ControlledSource('remote', { pair: { a: 1, b: 1 }, limits: { limit: 5, label: 'short' } });
    const { store, errors, section } = await started(remote, { maxDocumentLength: 1000 });
    const long = 'L'.repeat(600);
    const note = 'N'.repeat(600);
    const edits = [
      { path: ['limits', 'label'], value: long },
      { path: ['notes', 'text'], value: note },
    ];
    remote.emit({ kind: 'edits', edits, revision: '2' });

    expect(section(LimitsConfig).label).toBe('short');
    expect(store.current.tree.notes).toBeUndefined();
    expect(errors).toMatchObject([{ kind: 'parse', source: 'remote', details: { location: 'limits.label, notes.text' } }]);
    expect(errors[0].message).toMatch(/batch holds 1200 characters; the limit is 1000/);
    const status = store.status();
    expect(status.state).toBe('degraded');
    expect(status.quarantined).toMatchObject([{ section: 'limits', source: 'remote', issues: [{ path: 'limits.label' }] }]);
    expect(status.sources[0]).toMatchObject({ receivedRevision: '2', rejectedUpdates: 1 });
    expect(JSON.stringify(status)).not.toMatch(/LLL|NNN/);

    remote.emit({ kind: 'edits', edits: [{ path: ['limits', 'label'], value: 'fits' }], revision: '3' });
    expect(section(LimitsConfig).label).toBe('fits');
    expect(store.current.tree.notes).toEqual({ text: note });
    expect(store.status()).toMatchObject({ state: 'ready', quarantined: [] });
    expect(store.status().sources[0]).toMatchObject({ revision: '3', lastError: undefined });
    await store.close();
  });

  it('leaves out a key of a replace that is deeper than the limit, keeps its last value there, and applies the rest', async () => {
    const remote = new ControlledSource('remote', { pair: { a: 1, b: 1 }, deep: { a: { b: { c: { d: 1 } } } } });
    const { store, errors, section } = await started(remote, { maxDepth: 5 });
    remote.emit({ kind: 'replace', tree: { pair: { a: 2, b: 1 }, deep: { a: { b: { c: { d: { e: 1 } } } } } }, revision: '2' });
    expect(section(PairConfig).a).toBe(2);
    expect(store.current.tree.deep).toEqual({ a: { b: { c: { d: 1 } } } });
    expect(errors).toMatchObject([{ kind: 'parse', source: 'remote', details: { location: 'deep.a.b.c.d' } }]);
    expect(store.status().sources[0]).toMatchObject({ revision: '2', rejectedUpdates: 1 });
    await store.close();
  });

  it('starts with every other key when one loaded key breaks the limits, and names the source and key', async () => {
    const tree = { pair: { a: 3, b: 1 }, deep: { a: { b: { c: { d: 1 } } } }, ok: 'yes' };
    const { store, section } = await started(new ControlledSource('remote', tree), { maxDepth: 4 });
    expect(section(PairConfig).a).toBe(3);
    expect(store.current.tree).toEqual({ pair: { a: 3, b: 1 }, ok: 'yes' });
    expect(store.status().sources[0]).toMatchObject({ state: 'connected', rejectedUpdates: 1 });
    expect(store.status().sources[0].lastError?.message).toMatch(/'remote'.*'deep\.a\.b\.c'.*deeper than the limit of 4/);
    await store.close();
  });
});
