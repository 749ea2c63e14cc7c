import { ancestorIds, EtcdPathKeys } from './etcd-path-keys';

describe('EtcdPathKeys', () => {
  it('holds the keys at each path, one or several', () => {
    const paths = new EtcdPathKeys();
    paths.add('a', 'a');
    expect(paths.keysAt('a')).toEqual(['a']);
    paths.add('a', 'a.json');
    paths.add('a', 'a.json');
    expect(paths.keysAt('a').sort()).toEqual(['a', 'a.json']);
    expect(paths.countAt('a')).toBe(2);
    paths.delete('a', 'a');
    expect(paths.keysAt('a')).toEqual(['a.json']);
    paths.delete('a', 'a.json');
    expect(paths.countAt('a')).toBe(0);
  });

  it('counts the keys strictly below each path', () => {
    const paths = new EtcdPathKeys();
    paths.add('s0/k0', 's0/k0');
    paths.add('s0/k1', 's0/k1');
    paths.add('s0/k1', 's0/k1');
    paths.add('s0/x/y', 's0/x/y.yaml');
    expect([paths.hasBelow('s0'), paths.hasBelow('s0/x'), paths.hasBelow('s0/k0')]).toEqual([true, true, false]);
    paths.delete('s0/x/y', 's0/x/y.yaml');
    paths.delete('s0/x/y', 'never/added');
    expect(paths.hasBelow('s0/x')).toBe(false);
    paths.delete('s0/k0', 's0/k0');
    paths.delete('s0/k1', 's0/k1');
    expect(paths.hasBelow('s0')).toBe(false);
    paths.add('q', 'q');
    paths.clear();
    expect(paths.countAt('q')).toBe(0);
  });

  it('names the ancestors of a path, outermost first', () => {
    expect(ancestorIds('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorIds('a')).toEqual([]);
  });
});
