import type { IWatchResponse } from 'etcd3';
import { EtcdRevisionWindow, groupByRevision, type RevisionChanges } from './etcd-revision-batches';

const revision = (n: number): RevisionChanges => ({ revision: n, changes: [{ key: `k${n}`, value: String(n), modRevision: n }] });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('groupByRevision', () => {
  it('groups the events of a response by revision, in order, keys relative to the prefix', () => {
    const kv = (key: string, rev: number) => ({ key: Buffer.from(key), value: Buffer.from('1'), mod_revision: String(rev) });
    const response = {
      events: [
        { type: 'Put', kv: kv('/p/a', 5) },
        { type: 'Delete', kv: kv('/p/b', 5) },
        { type: 'Put', kv: kv('/other/c', 6) },
        { type: 'Put', kv: kv('/p/c', 7) },
      ],
    } as unknown as IWatchResponse;
    expect(groupByRevision(response, Buffer.from('/p/'))).toEqual([
      {
        revision: 5,
        changes: [
          { key: 'a', value: '1', modRevision: 5 },
          { key: 'b', modRevision: 5 },
        ],
      },
      { revision: 7, changes: [{ key: 'c', value: '1', modRevision: 7 }] },
    ]);
  });

  it('decodes keys as bytes: a leading byte order mark is kept, a key that is not UTF-8 is named in hex', () => {
    const kv = (key: Buffer, rev: number) => ({
      key: Buffer.concat([Buffer.from('/p/'), key]),
      value: Buffer.from('1'),
      mod_revision: String(rev),
    });
    const response = {
      events: [
        { type: 'Put', kv: kv(Buffer.from('\uFEFFa'), 5) },
        { type: 'Put', kv: kv(Buffer.from('a'), 5) },
        { type: 'Put', kv: kv(Buffer.from([0x78, 0xff]), 5) },
      ],
    } as unknown as IWatchResponse;
    expect(groupByRevision(response, Buffer.from('/p/'))).toEqual([
      {
        revision: 5,
        changes: [
          { key: '\uFEFFa', value: '1', modRevision: 5 },
          { key: 'a', value: '1', modRevision: 5 },
          { key: '0x78ff', value: '', modRevision: 5, unreadable: 'the key is not valid UTF-8' },
        ],
      },
    ]);
  });
});

describe('EtcdRevisionWindow', () => {
  let emitted: number[][];
  let window: EtcdRevisionWindow;
  beforeEach(() => {
    emitted = [];
    window = new EtcdRevisionWindow((revisions) => emitted.push(revisions.map((r) => r.revision)));
  });
  afterEach(() => window.clear());

  it('emits a lone response at once, and a backlog of one turn as one batch on the next', async () => {
    window.add([revision(1)]);
    expect(emitted).toEqual([[1]]);
    window.add([revision(2), revision(3)]);
    window.add([revision(4)]);
    window.add([]);
    expect(emitted).toEqual([[1]]);
    await nextTurn();
    expect(emitted).toEqual([[1], [2, 3, 4]]);
    window.add([revision(5)]);
    await nextTurn();
    expect(emitted).toEqual([[1], [2, 3, 4], [5]]);
    await nextTurn();
    window.add([revision(6)]);
    expect(emitted).toEqual([[1], [2, 3, 4], [5], [6]]);
  });

  it('drops what it holds when cleared', async () => {
    window.add([revision(1)]);
    window.add([revision(2)]);
    window.clear();
    await nextTurn();
    expect(emitted).toEqual([[1]]);
  });

  it('stays closed when an emit clears it, as a subscriber that leaves does', () => {
    const seen: number[][] = [];
    const leaving = new EtcdRevisionWindow((revisions) => {
      seen.push(revisions.map((r) => r.revision));
      leaving.clear();
    });
    leaving.add([revision(3)]);
    leaving.add([revision(4)]);
    expect(seen).toEqual([[3], [4]]);
    leaving.clear();
  });
});
