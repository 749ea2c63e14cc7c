import { START_CURSOR, advanceCursor, sanitizeIndex, type ConsulIndexCursor } from './consul-index-cursor';
import type { ConsulKvEntry } from './consul-kv-mapping';

const entry = (Key: string, ModifyIndex: number): ConsulKvEntry => ({ Key, Value: null, CreateIndex: 1, ModifyIndex });
const at = (index: number, ...entries: ConsulKvEntry[]) => ({ index, entries });
const cursorAt = (index: number, ...entries: ConsulKvEntry[]): ConsulIndexCursor =>
  advanceCursor({ ...START_CURSOR }, at(index, ...entries)).cursor;

describe('advanceCursor', () => {
  const base = cursorAt(20, entry('app/a', 10), entry('app/b', 20));

  it('keeps the first, non-blocking read, whatever its index', () => {
    expect(advanceCursor(START_CURSOR, at(7, entry('app/a', 7)))).toEqual({
      kind: 'changed',
      cursor: { index: 7, modifyIndexes: new Map([['app/a', 7]]) },
    });
  });

  it('sees no change when the index moved but no key was added, removed or modified', () => {
    const step = advanceCursor(base, at(25, entry('app/a', 10), entry('app/b', 20)));
    expect(step.kind).toBe('unchanged');
    expect(step.cursor.index).toBe(25);
  });

  it('sees no change when a blocking query returns at the end of its wait with the same index', () => {
    expect(advanceCursor(base, at(20, entry('app/a', 10), entry('app/b', 20))).kind).toBe('unchanged');
  });

  it('sees a change when a key is modified, added or removed', () => {
    expect(advanceCursor(base, at(30, entry('app/a', 30), entry('app/b', 20))).kind).toBe('changed');
    expect(advanceCursor(base, at(30, entry('app/a', 10), entry('app/b', 20), entry('app/c', 30))).kind).toBe('changed');
    expect(advanceCursor(base, at(30, entry('app/a', 10))).kind).toBe('changed');
  });

  it('ignores folders, which hold no config', () => {
    expect(advanceCursor(base, at(30, entry('app/', 30), entry('app/a', 10), entry('app/b', 20))).kind).toBe('unchanged');
  });

  it('resets to 0 and drops the response when the index goes backwards', () => {
    const step = advanceCursor(base, at(15, entry('app/a', 10)));
    expect(step).toEqual({ kind: 'rewound', cursor: { index: 0, modifyIndexes: base.modifyIndexes } });
    expect(advanceCursor(step.cursor, at(15, entry('app/a', 10)))).toMatchObject({ kind: 'changed', cursor: { index: 15 } });
  });

  it('treats an index of 0, below 0 or missing as 1, so the next query still blocks', () => {
    expect([0, -5, NaN, 0.5].map(sanitizeIndex)).toEqual([1, 1, 1, 1]);
    expect(sanitizeIndex(42)).toBe(42);
    expect(advanceCursor(START_CURSOR, at(0)).cursor.index).toBe(1);
  });
});
