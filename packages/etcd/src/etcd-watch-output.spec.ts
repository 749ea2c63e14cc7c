import { ConfigSourceError, type ConfigSourceEvent } from '@config-center/core';
import { Observable, type Subscriber } from 'rxjs';
import { EtcdSyncState } from './etcd-sync-state';
import { EtcdWatchOutput } from './etcd-watch-output';

const put = (key: string, value: string, modRevision: number) => ({ key, value, modRevision });
const sourceError = (action: string, error: unknown) => new ConfigSourceError('etcd:/app/', `${action}: ${(error as Error).message}`, true);

describe('EtcdWatchOutput', () => {
  let state: EtcdSyncState;
  let output: EtcdWatchOutput;
  let events: ConfigSourceEvent[];
  let ended: string[];

  beforeEach(() => {
    state = new EtcdSyncState('etcd:/app/', '/app/');
    state.reset({ revision: 10, clusterId: 'c1', keys: [put('a', '1', 5)] });
    events = [];
    ended = [];
    let subscriber!: Subscriber<ConfigSourceEvent>;
    new Observable<ConfigSourceEvent>((s) => void (subscriber = s)).subscribe({
      next: (event) => events.push(event),
      error: (error: Error) => ended.push(`error: ${error.message}`),
      complete: () => ended.push('complete'),
    });
    output = new EtcdWatchOutput({ state, sourceError }, subscriber);
  });

  it('emits revisions as one batch and moves the cursor to the last of them', () => {
    output.revisions(
      [
        { revision: 11, changes: [put('a', '2', 11)] },
        { revision: 12, changes: [put('b', '3', 12)] },
      ],
      () => false,
    );
    expect(events).toEqual([
      {
        kind: 'edits',
        revision: '12',
        edits: [
          { path: ['a'], value: '2' },
          { path: ['b'], value: '3' },
        ],
      },
    ]);
    expect(state.cursor).toBe(12);
  });

  it('stops between the batches of a split response once stopped', () => {
    const revisions = [
      { revision: 11, changes: [put('a', '2', 11)] },
      { revision: 12, changes: [{ ...put('b', '0xff', 12), unreadable: 'the value is not valid UTF-8' }] },
      { revision: 13, changes: [put('c', '3', 13)] },
    ];
    output.revisions(revisions, () => true);
    expect(events).toEqual([{ kind: 'edits', revision: '11', edits: [{ path: ['a'], value: '2' }] }]);
    expect(state.cursor).toBe(11);
  });

  it('says connected once until it says reconnecting', () => {
    output.confirmed();
    output.confirmed();
    const error = sourceError('watching', new Error('stream broke'));
    output.reconnecting(error);
    output.confirmed();
    expect(events).toEqual([
      { kind: 'state', state: 'connected' },
      { kind: 'state', state: 'reconnecting', error },
      { kind: 'state', state: 'connected' },
    ]);
  });

  it('applies a fresh read as its difference, and nothing when there is none', () => {
    output.read({ revision: 14, clusterId: 'c1', keys: [put('a', '1', 5)] }, false, 10);
    expect(events).toEqual([]);
    output.read({ revision: 15, clusterId: 'c1', keys: [put('a', '7', 15)] }, false, 10);
    expect(events).toEqual([{ kind: 'edits', revision: '15', edits: [{ path: ['a'], value: '7' }] }]);
    expect(state.cursor).toBe(15);
  });

  it('says so when a read comes from another cluster, and applies its difference from there', () => {
    output.read({ revision: 3, clusterId: 'c2', keys: [put('a', '9', 3)] }, false, 10);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({ kind: 'error', error: expect.any(ConfigSourceError) });
    expect((events[0] as { error: Error }).error.message).toMatch(/etcd was restored or replaced .*re-read at revision 3.*\(was 10\)/);
    expect(events[1]).toEqual({ kind: 'edits', revision: '3', edits: [{ path: ['a'], value: '9' }] });
    expect(state.cursor).toBe(3);
  });

  it('ends the subscriber with an error or by completing it', () => {
    output.fail(new ConfigSourceError('etcd:/app/', 'permission denied', false));
    output.complete();
    expect(ended).toEqual(["error: Config source 'etcd:/app/': permission denied"]);
  });
});
