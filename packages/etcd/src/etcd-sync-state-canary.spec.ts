import type { CanaryOverlay } from './etcd-canary-overlay';
import { EtcdSyncState } from './etcd-sync-state';

const put = (key: string, value: string, modRevision: number) => ({ key, value, modRevision });
const overlay = (keys: Record<string, string>, modRevision: number): CanaryOverlay => ({
  releaseId: 'canary-1',
  keys: new Map(Object.entries(keys)),
  modRevision,
});

/** The sync state of an instance in a canary: the canary's keys on top, masked watch events, one batch per read. */
describe('EtcdSyncState with a canary overlay', () => {
  let state: EtcdSyncState;

  beforeEach(() => {
    state = new EtcdSyncState('etcd:/app/', '/app/');
    state.reset({ revision: 10, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)] });
  });

  it('delivers the canary keys on top of the prefix as one batch, and names the release and its revision', () => {
    const [event] = state.resync(
      { revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)], overlay: overlay({ a: '2', c: 'new' }, 12) },
      false,
    );
    expect(event).toEqual({
      kind: 'edits',
      revision: '12',
      edits: [
        { path: ['a'], value: '2' },
        { path: ['c'], value: 'new' },
      ],
    });
    expect(state.canary).toEqual({ releaseId: 'canary-1', revision: 12 });
  });

  it('masks watch events of the keys the canary overrides, and applies the others', () => {
    state.resync({ revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)], overlay: overlay({ a: '2' }, 12) }, false);
    state.commit(12);
    const events = [...state.events([{ revision: 13, changes: [put('a', '3', 13), put('b', 'y', 13)] }])].map(({ event }) => event);
    expect(events).toEqual([{ kind: 'edits', revision: '13', edits: [{ path: ['b'], value: 'y' }] }]);
  });

  it('returns to the prefix own values when a read carries no canary (an abort), as one batch', () => {
    state.resync(
      { revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)], overlay: overlay({ a: '2', c: 'new' }, 12) },
      false,
    );
    state.commit(12);
    const [event] = state.resync({ revision: 14, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)] }, false);
    expect(event).toEqual({
      kind: 'edits',
      revision: '14',
      edits: [
        { path: ['a'], value: '1' },
        { path: ['c'], value: undefined },
      ],
    });
    expect(state.canary).toBeUndefined();
  });

  it('changes no value on a promote: the prefix now holds the canary values', () => {
    state.resync({ revision: 12, clusterId: 'c1', keys: [put('a', '1', 5), put('b', 'x', 9)], overlay: overlay({ a: '2' }, 12) }, false);
    state.commit(12);
    expect([...state.events([{ revision: 15, changes: [put('a', '2', 15)] }])]).toEqual([]);
    const [event] = state.resync({ revision: 15, clusterId: 'c1', keys: [put('a', '2', 15), put('b', 'x', 9)] }, false);
    expect(event).toEqual({ kind: 'edits', revision: '15', edits: [{ path: ['a'], value: '2' }] });
  });
});
