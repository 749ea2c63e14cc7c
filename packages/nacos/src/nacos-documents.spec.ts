import { mergeNacosDocuments, readNacosDocument } from './nacos-documents';
import { resolveNacosOptions } from './nacos-options';

const specOf = (dataId: string, path?: string) => resolveNacosOptions({ servers: ['h:8848'], dataIds: [{ dataId, path }] }).dataIds[0];
const read = (dataId: string, content: string, path?: string) => readNacosDocument(specOf(dataId, path), content, 'nacos');

describe('Nacos dataIds as documents', () => {
  it('reads .properties with dotted keys as paths, values as their text, escapes and continuations as java.util.Properties', () => {
    const text = [
      '# comment',
      'db.host = db.local',
      'db.port: 5432',
      'ratio 1.10',
      'path=C:\\\\tmp',
      'long=a\\',
      '   b',
      'uni=\\u00e9',
    ].join('\n');
    expect(read('app.properties', text)).toEqual({
      value: { db: { host: 'db.local', port: '5432' }, ratio: '1.10', path: 'C:\\tmp', long: 'ab', uni: 'é' },
    });
  });

  it('gives way to a key below, as the core key mapper does, and reports a forbidden segment instead of dropping it', () => {
    expect(read('app.properties', 'a=1\na.b=2\n')).toEqual({ value: { a: { b: '2' } } });
    expect(read('app.properties', '__proto__.polluted=1\n')).toEqual({ problem: expect.stringContaining("key '__proto__.polluted'") });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads YAML with plain scalars as text and JSON as JSON; a root document must be a mapping', () => {
    expect(read('a.yml', 'v: 1.10\nok: true\n')).toEqual({ value: { v: '1.10', ok: 'true' } });
    expect(read('a.json', '{"n": 1}')).toEqual({ value: { n: 1 } });
    expect(read('a.yaml', '- 1\n')).toEqual({ problem: expect.stringContaining('must be a mapping') });
    expect(read('a.yaml', '- 1\n', 'list')).toEqual({ value: ['1'] });
    expect(read('a.json', '{"password": "hunter2",')).toEqual({ problem: expect.not.stringContaining('hunter2') });
  });

  it('keeps another dataId as text at its path, and refuses one without a path', () => {
    expect(read('banner.txt', ' hello ', 'banner')).toEqual({ value: ' hello ' });
    expect(() => specOf('banner.txt')).toThrow(/dataId 'banner.txt' is not .yaml, .yml, .json or .properties and needs a path/);
  });

  it('merges in order at each path: later dataIds override earlier ones key by key', () => {
    const [a, b, c] = resolveNacosOptions({
      servers: ['h:8848'],
      dataIds: ['a.yaml', 'b.properties', { dataId: 'c.json', path: 'features.flags' }],
    }).dataIds;
    const tree = mergeNacosDocuments([
      { spec: a, value: { db: { host: 'a', port: '1' }, features: { x: '1' } } },
      { spec: b, value: { db: { host: 'b' } } },
      { spec: c, value: { beta: true } },
    ]);
    expect(tree).toEqual({ db: { host: 'b', port: '1' }, features: { x: '1', flags: { beta: true } } });
  });
});
