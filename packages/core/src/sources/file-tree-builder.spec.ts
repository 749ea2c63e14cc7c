import { ConfigParseError } from '../errors';
import { mountTree, singleFileTree } from './file-tree-builder';
import type { RawFile } from './file-tree-reader';

function file(name: string, text: string | Buffer): RawFile {
  return { name, location: `/mnt/config/${name}`, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) };
}

function parseErrorOf(build: () => unknown): ConfigParseError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigParseError) return error;
    throw error;
  }
  throw new Error('expected a ConfigParseError');
}

describe('singleFileTree', () => {
  it('parses a JSON or YAML mapping, ignoring a byte-order mark', () => {
    expect(singleFileTree(file('a.json', '\uFEFF{"a": 1}'), 'json', 's')).toEqual({ a: 1 });
    expect(singleFileTree(file('a.yaml', 'a:\n  b: [1, 2]\n'), 'yaml', 's')).toEqual({ a: { b: [1, 2] } });
  });

  it.each([
    ['', 'yaml', 'empty (null)'],
    ['null', 'json', 'empty (null)'],
    ['[1, 2]', 'json', 'a list'],
    ['5', 'yaml', 'a number'],
    ['just text', 'yaml', 'a string'],
  ] as const)('refuses a root that is not a mapping: %j as %s', (text, format, kind) => {
    const error = parseErrorOf(() => singleFileTree(file('a', text), format, 's'));
    expect(error.reason).toBe(`the document root must be a mapping, not ${kind}`);
  });

  it('names the source and the file, never the content, for malformed input and unsafe documents', () => {
    const malformed = parseErrorOf(() => singleFileTree(file('app.json', '{"token": "abc123'), 'json', 'src'));
    expect(malformed).toMatchObject({ source: 'src', location: '/mnt/config/app.json' });
    expect(malformed.message).not.toContain('abc123');
    const deep = 'a:\n' + Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n') + ' 1\n';
    expect(parseErrorOf(() => singleFileTree(file('deep.yaml', deep), 'yaml', 'src')).reason).toMatch(/deeper than the limit/);
    const proto = parseErrorOf(() => singleFileTree(file('p.json', '{"__proto__": {"x": 1}}'), 'json', 'src'));
    expect(proto.reason).toMatch(/forbidden key '__proto__'/);
  });
});

describe('mountTree', () => {
  it('makes one key per file: documents without their extension, other files as their text', () => {
    const tree = mountTree(
      [
        file('app.YAML', 'limit: 5\n'),
        file('db.json', '{"port": 5432}'),
        file('ratio', '0.5\n'),
        file('enabled', 'false'),
        file('greeting', 'hello\r\n'),
        file('banner', 'line\n\n'),
        file('list', '[1,"a"]\n'),
        file('blank', ''),
      ],
      's',
    );
    expect(tree).toEqual({
      app: { limit: 5 },
      db: { port: 5432 },
      ratio: '0.5',
      enabled: 'false',
      greeting: 'hello',
      banner: 'line\n',
      list: [1, 'a'],
      blank: '',
    });
  });

  it('rejects a forbidden or duplicate key, naming the file', () => {
    expect(parseErrorOf(() => mountTree([file('__proto__', '1')], 's'))).toMatchObject({
      location: '/mnt/config/__proto__',
      reason: expect.stringMatching(/forbidden key '__proto__'/),
    });
    expect(parseErrorOf(() => mountTree([file('prototype.json', '{}')], 's')).reason).toMatch(/forbidden key 'prototype'/);
    const duplicate = parseErrorOf(() => mountTree([file('app.json', '{}'), file('app.yaml', 'a: 1')], 's'));
    expect(duplicate).toMatchObject({ location: '/mnt/config/app.yaml', reason: "key 'app' is also defined by 'app.json'" });
  });

  it('rejects an unsafe scalar file without quoting it', () => {
    const long = parseErrorOf(() => mountTree([file('token', 'x'.repeat(1024 * 1024 + 1))], 's'));
    expect(long.reason).toMatch(/^value at 'token' is 1048577 characters long/);
    const polluting = parseErrorOf(() => mountTree([file('extra', '{"constructor": {"secret": "v4lue"}}')], 's'));
    expect(polluting.reason).toMatch(/forbidden key 'constructor'/);
    expect(polluting.message).not.toContain('v4lue');
  });

  it('rejects a bad document in one file and names that file', () => {
    const error = parseErrorOf(() => mountTree([file('good.yaml', 'a: 1'), file('bad.json', '{')], 's'));
    expect(error.location).toBe('/mnt/config/bad.json');
  });
});
