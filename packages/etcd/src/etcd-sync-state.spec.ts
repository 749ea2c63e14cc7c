import { ConfigParseError } from '@config-center/core';
import { EtcdSyncState } from './etcd-sync-state';

const put = (key: string, value: string, modRevision: number) => ({ key, value, modRevision });
const del = (key: string, modRevision: number) => ({ key, modRevision });

describe('EtcdSyncState', () => {
  let state: EtcdSyncState;
  beforeEach(() => {
    state = new EtcdSyncState('etcd:/app/', '/app/');
    expect(state.reset({ revision: 10, keys: [put('a', '1', 5), put('b/c', '"x"', 9)] })).toEqual({ a: 1, b: { c: 'x' } });
  });

  it('starts the cursor at the revision of the load', () => {
    expect(state.cursor).toBe(10);
    expect(state.takeLoadProblems()).toEqual([]);
  });

  it('turns one revision into one batch and drops revisions at or below the cursor', () => {
    expect(state.revision(10, [put('a', '2', 10)])).toBeUndefined();
    expect(state.revision(9, [put('a', '2', 9)])).toBeUndefined();
    const batch = state.revision(11, [put('a', '2', 11), del('b/c', 11)]);
    expect(batch).toEqual({
      kind: 'edits',
      revision: '11',
      edits: [
        { path: ['a'], value: 2 },
        { path: ['b', 'c'], value: undefined },
      ],
    });
    state.commit(11);
    expect(state.cursor).toBe(11);
    expect(state.revision(11, [put('a', '3', 11)])).toBeUndefined();
    state.commit(7);
    expect(state.cursor).toBe(11);
  });

  it('holds back a revision with an unreadable key and sends its readable keys with the next batch', () => {
    const rejected = state.revision(11, [put('a', '2', 11), put('db.yaml', 'x: [', 11)]);
    expect(rejected).toEqual({ kind: 'error', error: expect.any(ConfigParseError) });
    const { message } = (rejected as { error: Error }).error;
    expect(message).toBe(
      "Config source 'etcd:/app/': cannot read '/app/db.yaml': malformed YAML at line 1, column 5 (revision 11 not applied)",
    );
    state.commit(11);
    expect(state.revision(12, [put('z', '1', 12)])).toEqual({
      kind: 'edits',
      revision: '12',
      edits: [
        { path: ['a'], value: 2 },
        { path: ['z'], value: 1 },
      ],
    });
  });

  it('reports keys a load had to leave out, once', () => {
    state.reset({ revision: 20, keys: [put('ok', '1', 3), put('__proto__/x', '1', 4), put('bad.json', '{', 5)] });
    const [event, ...rest] = state.takeLoadProblems();
    expect(rest).toEqual([]);
    expect((event as { error: Error }).error.message).toMatch(
      /cannot read '\/app\/__proto__\/x': forbidden key '__proto__' .*; 1 more key\(s\) cannot be read either \(left out of the load at revision 20\)/,
    );
    expect(state.takeLoadProblems()).toEqual([]);
  });

  it('resyncs to a fresh read as one batch at its revision, deleted keys removed', () => {
    const batch = state.resync({ revision: 30, keys: [put('a', '1', 5), put('n', '7', 25)] }, true);
    expect(batch).toEqual({
      kind: 'edits',
      revision: '30',
      edits: [
        { path: ['n'], value: 7 },
        { path: ['b', 'c'], value: undefined },
      ],
    });
  });

  it('ignores a read older than the cursor, and an unchanged one unless asked', () => {
    expect(state.resync({ revision: 9, keys: [] }, true)).toBeUndefined();
    const same = { revision: 12, keys: [put('a', '1', 5), put('b/c', '"x"', 9)] };
    expect(state.resync(same, false)).toBeUndefined();
    expect(state.resync(same, true)).toEqual({ kind: 'edits', revision: '12', edits: [] });
  });
});
