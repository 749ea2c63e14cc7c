import { KeyMapper } from './key-mapper';

describe('KeyMapper', () => {
  const mapper = new KeyMapper();
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);

  it('maps a key given as bytes as it maps its text, a leading byte order mark included', () => {
    const bytes = Buffer.concat([bom, Buffer.from('flags/a')]);
    expect(mapper.pathOf(bytes)).toEqual(mapper.pathOf(bytes.toString()));
    expect(mapper.pathOf(bytes).path).toEqual(['\uFEFFflags', 'a']);
    expect(KeyMapper.describe(bytes)).toBe('\uFEFFflags/a');
  });

  it('keeps a key with a byte order mark apart from the key without one', () => {
    const { tree, problems } = mapper.map([
      [Buffer.concat([bom, Buffer.from('a')]), Buffer.from('1')],
      [Buffer.from('a'), Buffer.from('2')],
    ]);
    expect(problems).toEqual([]);
    expect(tree).toEqual({ '\uFEFFa': '1', a: '2' });
  });

  it('decodes a value given as bytes as its text, a byte order mark included', () => {
    const key = 'text/v';
    const raw = Buffer.concat([bom, Buffer.from('x')]);
    expect(mapper.valueOf(key, mapper.pathOf(key), raw)).toEqual(mapper.valueOf(key, mapper.pathOf(key), raw.toString()));
  });

  it('names a key that is not UTF-8 by its bytes in hex', () => {
    const key = Buffer.from([0x78, 0xff]);
    expect(mapper.pathOf(key)).toEqual({ problem: 'the key is not valid UTF-8' });
    expect(KeyMapper.describe(key)).toBe('0x78ff');
  });
});

describe('KeyMapper.treeOf', () => {
  const located = (key: string, path: string[], value: unknown) => ({ key, path, value });

  it('applies shortest path first, then in key order: of keys on one path the last in key order wins, whatever their order', () => {
    const keys = [
      located('a.yaml', ['a'], { from: 'yaml' }),
      located('a/b', ['a', 'b'], '1'),
      located('a', ['a'], 'plain'),
      located('a.json', ['a'], { from: 'json' }),
    ];
    expect(KeyMapper.treeOf(keys)).toEqual({ a: { from: 'yaml', b: '1' } });
    expect(KeyMapper.treeOf([...keys].reverse())).toEqual({ a: { from: 'yaml', b: '1' } });
    expect(KeyMapper.treeOf(keys.filter(({ key }) => key !== 'a.yaml'))).toEqual({ a: { from: 'json', b: '1' } });
  });
});
