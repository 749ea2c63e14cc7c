import type { ConfigEdit, ConfigTree } from '@config-center/core';
import { SeededRandom } from '@config-center/testing/harness';
import { EtcdKeyIndex, type KeyChange } from './etcd-key-index';
import { mapKey } from './etcd-key-mapping';

/** The core's edit semantics: set replaces, undefined deletes and prunes emptied objects. */
function applyEdits(tree: ConfigTree, edits: readonly ConfigEdit[]): ConfigTree {
  const setAt = (node: unknown, path: readonly string[], value: unknown): unknown => {
    if (!path.length) return value;
    const base = typeof node === 'object' && node !== null && !Array.isArray(node) ? { ...(node as object) } : {};
    const record = base as Record<string, unknown>;
    const [head, ...rest] = path;
    const next = setAt(record[head], rest, value);
    const prune = value === undefined && rest.length && typeof next === 'object' && next && !Object.keys(next).length;
    if (next === undefined || prune) delete record[head];
    else record[head] = next;
    return record;
  };
  return edits.reduce((next, edit) => setAt(next, edit.path, edit.value) as ConfigTree, tree);
}

/** The tree of a key set by the rule itself: every readable key set in turn, shortest path first, then in key order. */
function treeOfKeys(values: ReadonlyMap<string, string>): ConfigTree {
  const readable = [...values]
    .map(([key, text]) => ({ key, ...mapKey(key, text) }))
    .filter((mapped) => mapped.path !== undefined && mapped.problem === undefined);
  readable.sort((a, b) => a.path!.length - b.path!.length || (a.key < b.key ? -1 : 1));
  return applyEdits(
    {},
    readable.map(({ path, value }) => ({ path: path!, value })),
  );
}

let revision = 0;
const put = (key: string, value: string): KeyChange => ({ key, value, modRevision: ++revision });
const del = (key: string): KeyChange => ({ key, modRevision: ++revision });

function indexOf(...changes: KeyChange[]): EtcdKeyIndex {
  const index = new EtcdKeyIndex();
  changes.forEach((change) => index.record(change));
  return index;
}

describe('EtcdKeyIndex', () => {
  it('builds the tree shortest path first, so keys land inside documents', () => {
    const index = indexOf(put('a/y', '2'), put('a.json', '{"x":1,"y":1}'), put('b', 'text'), put('c/d/e', 'true'));
    expect(index.build()).toEqual({ a: { x: 1, y: '2' }, b: 'text', c: { d: { e: 'true' } } });
    expect(index.build()).toEqual(index.build());
  });

  it('turns a change with no overlapping key into one edit', () => {
    const index = indexOf(put('a/b', '1'), put('c', '2'));
    index.record(put('a/b', '5'));
    index.record(del('c'));
    expect(index.editsFor(['a/b', 'c'])).toEqual([
      { path: ['c'], value: undefined },
      { path: ['a', 'b'], value: '5' },
    ]);
  });

  it('rebuilds the subtree under the outermost overlapping key', () => {
    const index = indexOf(put('a.json', '{"x":1,"y":1}'), put('a/y', '2'), put('a/z/w', '3'));
    index.record(del('a.json'));
    expect(index.editsFor(['a.json'])).toEqual([
      { path: ['a'], value: undefined },
      { path: ['a', 'y'], value: '2' },
      { path: ['a', 'z', 'w'], value: '3' },
    ]);
  });

  it('keeps the last good value of a key whose new value cannot be read', () => {
    const index = indexOf(put('db.yaml', 'port: 1'));
    expect(index.record(put('db.yaml', 'port: [1'))).toMatch(/YAML syntax error at line 1, column 9/);
    expect(index.problemOf('db.yaml')).toMatch(/YAML syntax error at line 1, column 9/);
    expect(index.editsFor(['db.yaml'])).toEqual([{ path: ['db'], value: { port: '1' } }]);
    expect(index.build()).toEqual({ db: { port: '1' } });
  });

  it('keeps the last good value of an unreadable key through a rebuild of the subtree around it, until it is deleted', () => {
    const index = indexOf(put('misc', 'x'), put('misc/b/c', '1'));
    expect(index.record({ key: 'misc/b/c', value: '0xff', modRevision: ++revision, unreadable: 'the value is not valid UTF-8' })).toMatch(
      /not valid UTF-8/,
    );
    index.record(put('misc/a', '2'));
    expect(applyEdits({ misc: { b: { c: '1' } } }, index.editsFor(['misc/a']))).toEqual({ misc: { a: '2', b: { c: '1' } } });
    index.record(del('misc/b/c'));
    expect(applyEdits({ misc: { a: '2', b: { c: '1' } } }, index.editsFor(['misc/b/c']))).toEqual({ misc: { a: '2' } });
  });

  it('has no last good value for an unreadable key it never read well, nor after a fresh load', () => {
    const index = indexOf(put('a/b', '1'));
    index.record({ key: 'a/c', value: '0xff', modRevision: ++revision, unreadable: 'the value is not valid UTF-8' });
    expect(index.build()).toEqual({ a: { b: '1' } });
    const fresh = new EtcdKeyIndex().load([
      { key: 'a/c', value: '0xff', modRevision: ++revision, unreadable: 'the value is not valid UTF-8' },
    ]);
    expect(fresh.tree).toEqual({});
  });

  it('diffs a fresh read by mod revision, deleted keys included', () => {
    const a = put('a', '1');
    const b = put('b', '1');
    const index = indexOf(a, b, put('c', '1'));
    const newB = put('b', '2');
    const d = put('d', '1');
    expect(index.diff([a, newB, d])).toEqual([newB, d, { key: 'c', modRevision: 0 }]);
  });

  it.each([
    ['plain keys', ['a=1', 'a/b=true', 'c/d/e="s"', 'q=[1'], 0],
    ['keys sharing a path with a document', ['a.json={"b":{"k":1}}', 'a=1', 'a/c=2', 'x.yaml=v: 2', 'x/y=3', 'x/y.yml=[1'], 1],
  ])('loads a whole read of %s into the tree the recorded keys build', (_name, pairs, unreadable) => {
    const read = pairs.map((pair) => put(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)));
    const { tree, problems } = new EtcdKeyIndex().load(read);
    expect(tree).toEqual(indexOf(...read).build());
    expect(tree).toEqual(treeOfKeys(new Map(read.map(({ key, value }) => [key, value!]))));
    expect(problems.map(([key]) => key)).toEqual(read.filter(({ key, value }) => mapKey(key, value!).problem).map(({ key }) => key));
    expect(problems).toHaveLength(unreadable);
  });

  it('records a loaded read when first needed: later changes, diffs and problems see its keys', () => {
    const a = put('a/b', '1');
    const broken = put('c.json', '[1');
    const index = new EtcdKeyIndex();
    index.load([a, broken, put('d', '2')]);
    expect(index.problemOf('c.json')).toMatch(/malformed JSON/);
    expect(index.diff([a, broken])).toEqual([{ key: 'd', modRevision: 0 }]);

    const loaded = new EtcdKeyIndex();
    loaded.load([a, put('a.json', '{"x":1}')]);
    loaded.record(del('a/b'));
    expect(loaded.editsFor(['a/b'])).toEqual([{ path: ['a'], value: { x: 1 } }]);
    expect(loaded.build()).toEqual({ a: { x: 1 } });
  });

  it('converges on the tree of the key set (unreadable values keeping the last good ones) through any sequence of changes', () => {
    const keys = ['a', 'a.json', 'a/b', 'a/b/c', 'a/b.yaml', 'x/y', 'x.yaml', 'x/y/z', 'q'];
    const values = ['1', '"s"', '{"b":{"k":1}}', '{"y":[1,2]}', 'plain', '{}', 'null'];
    const seeded = new SeededRandom(7);
    const random = (n: number) => seeded.int(n);
    const index = new EtcdKeyIndex();
    const alive = new Map<string, string>([
      ['a/b', '1'],
      ['x.yaml', 'v: 1'],
    ]);
    let tree = index.load([...alive].map(([key, text]) => put(key, text))).tree;
    for (let step = 0; step < 600; step++) {
      const changed = Array.from({ length: 1 + random(3) }, () => keys[random(keys.length)]);
      for (const key of changed) {
        const text = key.endsWith('.yaml') ? `v: ${random(9)}` : values[random(values.length)];
        const change = random(4) === 0 ? del(key) : put(key, text);
        index.record(change);
        // An unreadable value leaves the key's last good one in place.
        if (change.value === undefined) alive.delete(key);
        else if (mapKey(key, change.value).problem === undefined) alive.set(key, change.value);
      }
      tree = applyEdits(tree, index.editsFor(changed));
      expect(tree).toEqual(index.build());
      expect(tree).toEqual(treeOfKeys(alive));
    }
  });
});
