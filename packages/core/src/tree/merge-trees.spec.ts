import { applyEdits, diffTrees, mergeSlices, mergedAt } from './merge-trees';
import { setAt } from './tree-ops';

describe('merge-trees', () => {
  it('merges slices in precedence order, objects key by key', () => {
    const merged = mergeSlices([
      { a: { x: 1, y: 1 }, list: [1, 2] },
      { a: { y: 2 }, list: [3] },
    ]);
    expect(merged).toEqual({ a: { x: 1, y: 2 }, list: [3] });
    expect(Object.isFrozen(merged)).toBe(true);
  });

  it('re-merges one path the same way a full merge would', () => {
    const slices = [{ a: { b: { c: 1, d: 1 } } }, { a: 5 }, { a: { b: { d: 2 } } }];
    expect(mergedAt(slices, ['a', 'b'])).toEqual({ d: 2 });
    expect(mergeSlices(slices)).toEqual({ a: { b: { d: 2 } } });
    expect(mergedAt([{ a: { b: 1 } }, { a: 'shadow' }], ['a', 'b'])).toBeUndefined();
    expect(mergedAt([{ a: { b: 1 } }, {}], ['a', 'b'])).toBe(1);
  });

  it('diffs two trees into the edits that turn one into the other', () => {
    const from = { a: { x: 1, y: 2 }, gone: true, list: [1] };
    const to = { a: { x: 1, y: 3 }, list: [1], added: { z: 1 } };
    const edits = diffTrees(from, to);
    expect(edits).toEqual([
      { path: ['gone'], value: undefined },
      { path: ['a', 'y'], value: 3 },
      { path: ['added'], value: { z: 1 } },
    ]);
    expect(applyEdits(from, edits)).toEqual(to);
  });

  it('shares every subtree an edit does not touch', () => {
    const tree = Object.freeze({ a: Object.freeze({ x: 1 }), b: Object.freeze({ y: Object.freeze({ z: 1 }) }) });
    const next = setAt(tree, ['b', 'y', 'z'], 2);
    expect(next.a).toBe(tree.a);
    expect(next).toEqual({ a: { x: 1 }, b: { y: { z: 2 } } });
    expect(Object.isFrozen(next.b)).toBe(true);
    expect(tree).toEqual({ a: { x: 1 }, b: { y: { z: 1 } } });
  });

  it('prunes objects emptied by a delete, and returns the same tree when nothing changes', () => {
    const tree = { a: { b: { c: 1 } }, keep: {} };
    expect(setAt(tree, ['a', 'b', 'c'], undefined)).toEqual({ keep: {} });
    expect(setAt(tree, ['missing', 'x'], undefined)).toBe(tree);
    expect(setAt(tree, ['keep', 'x'], undefined)).toBe(tree);
  });

  it('sets a __proto__ key as an own value, never as the prototype', () => {
    const next = setAt(Object.freeze({}), ['a', '__proto__', 'x'], 1);
    const a = next.a as Record<string, unknown>;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(a, '__proto__')?.value).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
