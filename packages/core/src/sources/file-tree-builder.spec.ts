import { ConfigParseError } from '../errors';
import { MountBatches, mountTree, singleFileTree } from './file-tree-builder';
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
    expect(singleFileTree(file('a.yaml', 'a:\n  b: [1, 2]\n'), 'yaml', 's')).toEqual({ a: { b: ['1', '2'] } });
  });

  it.each([
    ['', 'yaml', 'empty (null)'],
    ['null', 'json', 'empty (null)'],
    ['[1, 2]', 'json', 'a list'],
    ['5', 'json', 'a number'],
    ['5', 'yaml', 'a string'],
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
    const { tree, problems } = mountTree([
      file('app.YAML', 'limit: 5\n'),
      file('db.json', '{"port": 5432}'),
      file('ratio', '0.5\n'),
      file('enabled', 'false'),
      file('greeting', 'hello\r\n'),
      file('banner', 'line\n\n'),
      file('list', '[1,"a"]\n'),
      file('blank', ''),
    ]);
    expect(problems).toEqual([]);
    expect(tree).toEqual({
      app: { limit: '5' },
      db: { port: 5432 },
      ratio: '0.5',
      enabled: 'false',
      greeting: 'hello',
      banner: 'line\n',
      list: [1, 'a'],
      blank: '',
    });
  });

  it('leaves out a file with a forbidden key, naming the file; the others load', () => {
    expect(mountTree([file('__proto__', '1'), file('ok', 'yes')])).toEqual({
      tree: { ok: 'yes' },
      problems: [{ key: '/mnt/config/__proto__', problem: expect.stringMatching(/forbidden key '__proto__'/) }],
    });
    expect(mountTree([file('prototype.json', '{}')]).problems[0].problem).toMatch(/forbidden key 'prototype'/);
  });

  it('maps files on one path as every key-value source does: the last in name order wins', () => {
    expect(mountTree([file('app.json', '{}'), file('app.yaml', 'a: 1')])).toEqual({ tree: { app: { a: '1' } }, problems: [] });
    expect(mountTree([file('app', 'text'), file('app.json', '{"a":2}')])).toEqual({ tree: { app: { a: 2 } }, problems: [] });
    expect(mountTree([file('app.json', '{"a":2}'), file('app', 'text')])).toEqual({ tree: { app: { a: 2 } }, problems: [] });
  });

  it('leaves out an unsafe file without quoting it: oversized, polluting, not UTF-8, a bad document', () => {
    const { tree, problems } = mountTree([
      file('token', 'x'.repeat(1024 * 1024 + 1)),
      file('extra', '{"constructor": {"secret": "v4lue"}}'),
      file('binary', Buffer.from([0x76, 0x34, 0xff, 0xfe])),
      file('bad.json', '{"password": "v4lue'),
      file('good.yaml', 'a: 1'),
    ]);
    expect(tree).toEqual({ good: { a: '1' } });
    expect(problems.map((p) => [p.key, p.problem])).toEqual([
      ['/mnt/config/token', expect.stringMatching(/is 1048577 characters long/)],
      ['/mnt/config/extra', expect.stringMatching(/forbidden key 'constructor'/)],
      ['/mnt/config/binary', 'the value is not valid UTF-8'],
      ['/mnt/config/bad.json', expect.stringMatching(/malformed JSON/)],
    ]);
    expect(JSON.stringify(problems)).not.toContain('v4lue');
  });

  it('maps files of sub-directories as etcd keys: nested objects, overlaying a document', () => {
    const { tree, problems } = mountTree([
      file('db.json', '{"host": "db", "port": 5432}'),
      file('db/port', '6543\n'),
      file('rateLimit/limit', '5'),
      file('rateLimit/window.yaml', 'ms: 100'),
    ]);
    expect(problems).toEqual([]);
    expect(tree).toEqual({ db: { host: 'db', port: '6543' }, rateLimit: { limit: '5', window: { ms: '100' } } });
  });

  it('reports a forbidden segment anywhere in the path, and each directory that was not read', () => {
    const { tree, problems } = mountTree(
      [file('bad/__proto__/x', '1'), file('ok/x', '1')],
      [
        { name: 'deep/d', location: '/mnt/config/deep/d', reason: 'too-deep' },
        { name: 'x/up', location: '/mnt/config/x/up', reason: 'loop' },
      ],
    );
    expect(tree).toEqual({ ok: { x: '1' } });
    expect(problems.map((p) => [p.key, p.problem])).toEqual([
      ['/mnt/config/deep/d', 'the directory holds keys of more than 32 segments, the depth limit'],
      ['/mnt/config/x/up', 'the directory is a link back to a directory above it'],
      ['/mnt/config/bad/__proto__/x', expect.stringMatching(/forbidden key '__proto__'/)],
    ]);
  });
});

describe('MountBatches', () => {
  it('holds back a read that made a file unreadable, naming the file; its other files come with the next read', () => {
    const mount = new MountBatches();
    mount.load({ files: [file('db.json', '{"v":"1"}'), file('ok', '1')], skipped: [] });
    const held = mount.next({ files: [file('db.json', '{"v": "s3cret'), file('ok', '2')], skipped: [] });
    expect(held).toEqual({ held: true, problems: [{ key: '/mnt/config/db.json', problem: expect.stringMatching(/malformed JSON/) }] });
    expect(JSON.stringify(held)).not.toContain('s3cret');
    const next = mount.next({ files: [file('db.json', '{"v": "s3cret'), file('ok', '2'), file('new', '3')], skipped: [] });
    expect(next).toEqual({ held: false, tree: { db: { v: '1' }, ok: '2', new: '3' }, problems: [] });
  });

  it('holds back a read in which a directory can no longer be read', () => {
    const mount = new MountBatches();
    mount.load({ files: [file('ok', '1')], skipped: [] });
    const loop = { name: 'x/up', location: '/mnt/config/x/up', reason: 'loop' as const };
    expect(mount.next({ files: [file('ok', '2')], skipped: [loop] })).toEqual({
      held: true,
      problems: [{ key: '/mnt/config/x/up', problem: 'the directory is a link back to a directory above it' }],
    });
  });
});
