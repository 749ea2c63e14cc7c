import { ConfigParseError, type ConfigSourceEvent } from '@config-center/core';
import type { KeyChange } from './etcd-key-index';
import { EtcdSyncState } from './etcd-sync-state';

const put = (key: string, value: string, modRevision: number) => ({ key, value, modRevision });
const del = (key: string, modRevision: number) => ({ key, modRevision });
/** Revisions arriving together (one watch response), grouped as `groupByRevision` groups them. */
const response = (...changes: KeyChange[]) => {
  const revisions = [...new Set(changes.map((change) => change.modRevision))];
  return revisions.map((revision) => ({ revision, changes: changes.filter((change) => change.modRevision === revision) }));
};
const messageOf = (event: ConfigSourceEvent) => (event as { error: Error }).error.message;

describe('EtcdSyncState', () => {
  let state: EtcdSyncState;
  /** The events for one response, each committed once taken, as the watch session does. */
  const take = (...changes: KeyChange[]) => {
    const events: ConfigSourceEvent[] = [];
    for (const { event, revision } of state.events(response(...changes))) {
      events.push(event);
      state.commit(revision);
    }
    return events;
  };

  beforeEach(() => {
    state = new EtcdSyncState('etcd:/app/', '/app/');
    expect(state.reset({ revision: 10, clusterId: 'c1', keys: [put('a', '1', 5), put('b/c', 'x', 9)] })).toEqual({
      tree: { a: '1', b: { c: 'x' } },
      leftOut: [],
    });
  });

  it('starts the cursor at the revision of the load', () => {
    expect(state.cursor).toBe(10);
  });

  it('turns one revision into one batch and drops revisions at or below the cursor', () => {
    expect(take(put('a', '2', 10))).toEqual([]);
    expect(take(put('a', '2', 9))).toEqual([]);
    expect(take(put('a', '2', 11), del('b/c', 11))).toEqual([
      {
        kind: 'edits',
        revision: '11',
        edits: [
          { path: ['a'], value: '2' },
          { path: ['b', 'c'], value: undefined },
        ],
      },
    ]);
    expect(state.cursor).toBe(11);
    expect(take(put('a', '3', 11))).toEqual([]);
    state.commit(7);
    expect(state.cursor).toBe(11);
  });

  it('coalesces the revisions of one response into one batch at the last, later edits winning', () => {
    const events = take(put('a', '9', 9), put('a', '2', 11), del('b/c', 11), put('a', '3', 12), put('n', '1', 12), put('n', '2', 13));
    expect(events).toEqual([
      {
        kind: 'edits',
        revision: '13',
        edits: [
          { path: ['a'], value: '3' },
          { path: ['n'], value: '2' },
          { path: ['b', 'c'], value: undefined },
        ],
      },
    ]);
    expect(state.cursor).toBe(13);
  });

  it('splits a coalesced batch around a revision with an unreadable key, which is held back whole', () => {
    const events = take(put('a', '2', 11), put('z', '1', 12), put('db.yaml', 'x: [', 12), put('q', '1', 13), put('a', '3', 14));
    expect(events).toEqual([
      { kind: 'edits', revision: '11', edits: [{ path: ['a'], value: '2' }] },
      { kind: 'error', error: expect.any(ConfigParseError) },
      {
        kind: 'edits',
        revision: '14',
        edits: [
          { path: ['z'], value: '1' },
          { path: ['q'], value: '1' },
          { path: ['a'], value: '3' },
        ],
      },
    ]);
    expect(messageOf(events[1])).toBe(
      "Config source 'etcd:/app/': cannot read '/app/db.yaml': YAML syntax error at line 1, column 5: a line is not indented as its block needs, or a flow collection ([...] or {...}) is not closed (BAD_INDENT) (revision 12 not applied)",
    );
    expect(state.cursor).toBe(14);
  });

  it('applies nothing of a response whose first revision is unreadable until a later revision', () => {
    const events = take(put('a', '2', 11), put('bad.json', '{', 11));
    expect(events).toEqual([{ kind: 'error', error: expect.any(ConfigParseError) }]);
    expect(state.cursor).toBe(11);
    expect(take(put('z', '1', 12))).toEqual([
      {
        kind: 'edits',
        revision: '12',
        edits: [
          { path: ['a'], value: '2' },
          { path: ['z'], value: '1' },
        ],
      },
    ]);
  });

  it('names each key a load had to leave out, with why, and serves the others', () => {
    const { tree, leftOut } = state.reset({
      revision: 20,
      clusterId: 'c1',
      keys: [put('ok', '1', 3), put('__proto__/x', '1', 4), put('bad.json', '{', 5)],
    });
    expect(tree).toEqual({ ok: '1' });
    expect(leftOut).toEqual([
      { key: '/app/__proto__/x', problem: expect.stringMatching(/forbidden key '__proto__'/) },
      { key: '/app/bad.json', problem: expect.stringMatching(/malformed JSON/) },
    ]);
  });

  it('resyncs to a fresh read as one batch at its revision, deleted keys removed', () => {
    const [batch] = state.resync({ revision: 30, clusterId: 'c1', keys: [put('a', '1', 5), put('n', '7', 25)] }, true);
    expect(batch).toEqual({
      kind: 'edits',
      revision: '30',
      edits: [
        { path: ['n'], value: '7' },
        { path: ['b', 'c'], value: undefined },
      ],
    });
  });

  it('resyncs every readable key of a difference, and leaves out an unreadable one at its last good value, named after the batch', () => {
    state.resync({ revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b/c', 'x', 9), put('doc.json', '{"k":1}', 12)] }, false);
    state.commit(12);
    const events = state.resync(
      { revision: 20, clusterId: 'c1', keys: [put('a', '2', 15), put('b/c', 'x', 9), put('doc.json', '{"k":', 16)] },
      false,
    );
    expect(events).toEqual([
      { kind: 'edits', revision: '20', edits: [{ path: ['a'], value: '2' }] },
      { kind: 'error', error: expect.any(ConfigParseError) },
    ]);
    expect(messageOf(events[1])).toMatch(/cannot read '\/app\/doc\.json': malformed JSON.*\(left out of the re-read at revision 20\)/);
    expect(
      state.resync({ revision: 21, clusterId: 'c1', keys: [put('a', '2', 15), put('b/c', 'x', 9), put('doc.json', '{"k":2}', 21)] }, false),
    ).toEqual([{ kind: 'edits', revision: '21', edits: [{ path: ['doc'], value: { k: 2 } }] }]);
  });

  it('ignores a read older than the cursor, and an unchanged one unless asked', () => {
    expect(state.resync({ revision: 9, clusterId: 'c1', keys: [] }, true)).toEqual([]);
    const same = { revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b/c', 'x', 9)] };
    expect(state.resync(same, false)).toEqual([]);
    expect(state.resync(same, true)).toEqual([{ kind: 'edits', revision: '12', edits: [] }]);
  });

  it('tells an answer from another cluster, or below the cursor, from one of its own etcd', () => {
    const state = new EtcdSyncState('etcd', '/app/');
    state.reset({ revision: 10, clusterId: 'c1', keys: [put('a', '1', 5)] });
    expect(state.mismatch({ revision: 12, clusterId: 'c1' })).toBeUndefined();
    expect(state.mismatch({ revision: 10, clusterId: 'c1' })).toBeUndefined();
    expect(state.mismatch({ revision: 9, clusterId: 'c1' })).toBe('revision 9 is below the applied revision 10');
    expect(state.mismatch({ revision: 40, clusterId: 'c2' })).toBe('cluster id c1 became c2');
  });

  it('starts over on a restored etcd: the difference by content at the read, and the cursor there', () => {
    const state = new EtcdSyncState('etcd', '/app/');
    state.reset({ revision: 10, clusterId: 'c1', keys: [put('a', '1', 5), put('b', '2', 6), put('gone', 'x', 7)] });
    const [event] = state.restart({ revision: 4, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'old', 6), put('new', 'y', 3)] });
    expect(event).toEqual({
      kind: 'edits',
      revision: '4',
      edits: expect.arrayContaining([
        { path: ['b'], value: 'old' },
        { path: ['new'], value: 'y' },
        { path: ['gone'], value: undefined },
      ]),
    });
    expect(event?.kind === 'edits' && event.edits).toHaveLength(3);
    expect(state.cursor).toBe(4);
    expect(state.mismatch({ revision: 5, clusterId: 'c1' })).toBeUndefined();
  });
});
