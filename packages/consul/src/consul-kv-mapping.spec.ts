import { ConsulKvBatches, consulEntriesToTree, type ConsulKvEntry } from './consul-kv-mapping';

let index = 10;
const entry = (Key: string, value: string | null): ConsulKvEntry => ({
  Key,
  Value: value === null ? null : Buffer.from(value).toString('base64'),
  CreateIndex: index,
  ModifyIndex: index++,
});
const mapped = (...entries: ConsulKvEntry[]) => consulEntriesToTree(entries, 'app/');
const tree = (...entries: ConsulKvEntry[]) => {
  const { tree: built, problems } = mapped(...entries);
  expect(problems).toEqual([]);
  return built;
};
const raw = (Key: string, bytes: number[]): ConsulKvEntry => ({
  Key,
  Value: Buffer.from(bytes).toString('base64'),
  CreateIndex: 1,
  ModifyIndex: 1,
});

describe('consulEntriesToTree', () => {
  it('splits keys on / and keeps values as text, a JSON object or array as that structure', () => {
    expect(
      tree(
        entry('app/rateLimit/limit', '5'),
        entry('app/rateLimit/ratio', '1.10'),
        entry('app/rateLimit/enabled', 'true'),
        entry('app/rateLimit/tags', '["a","b"]'),
        entry('app/rateLimit/window', ' {"ms": 500}'),
        entry('app/name', 'orders service'),
        entry('app/quoted', '"007"'),
        entry('app/zip', '007'),
        entry('app/nothing', 'null'),
        entry('app/broken', '[1,'),
      ),
    ).toEqual({
      rateLimit: { limit: '5', ratio: '1.10', enabled: 'true', tags: ['a', 'b'], window: { ms: 500 } },
      name: 'orders service',
      quoted: '"007"',
      zip: '007',
      nothing: 'null',
      broken: '[1,',
    });
  });

  it('mounts a .json, .yaml or .yml key as a document at the path without the extension', () => {
    expect(tree(entry('app/db.json', '{"host":"h","port":5432}'), entry('app/cache/redis.yml', 'ttl: 30\nhosts: [a, b]\n'))).toEqual({
      db: { host: 'h', port: 5432 },
      cache: { redis: { ttl: '30', hosts: ['a', 'b'] } },
    });
  });

  it('ignores folders (keys ending in /), keys outside the prefix, and reads a null value as an empty string', () => {
    expect(tree(entry('app/', null), entry('app/sub/', null), entry('other/x', '1'), entry('app/sub/empty', null))).toEqual({
      sub: { empty: '' },
    });
  });

  it('decodes base64 values as UTF-8', () => {
    expect(tree(entry('app/greeting', 'grüße, 世界'))).toEqual({ greeting: 'grüße, 世界' });
  });

  it('leaves out a malformed document, naming the key and never the value; the other keys load', () => {
    const { tree: built, problems } = mapped(entry('app/db.json', '{"password":"hunter2",'), entry('app/ok', '1'));
    expect(built).toEqual({ ok: '1' });
    expect(problems).toEqual([{ key: 'app/db.json', problem: expect.stringMatching(/malformed JSON/) }]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('leaves out forbidden and empty path segments, too-deep keys, and bytes that are not UTF-8', () => {
    const { tree: built, problems } = mapped(
      entry('app/__proto__/polluted', '1'),
      entry('app/a//b', '1'),
      entry('app/.json', '{}'),
      entry(`app/${Array.from({ length: 40 }, () => 'd').join('/')}`, '1'),
      raw('app/binary', [0x6f, 0xff]),
      entry('app/kept', 'yes'),
    );
    expect(built).toEqual({ kept: 'yes' });
    expect(problems.map((p) => p.problem)).toEqual([
      expect.stringContaining("forbidden key '__proto__'"),
      expect.stringContaining('empty segment'),
      expect.stringContaining('empty segment'),
      expect.stringContaining('more than 32 segments'),
      'the value is not valid UTF-8',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps keys that share a path as every key-value source does: keys below a value or document overlay it', () => {
    expect(tree(entry('app/db', '1'), entry('app/db/host', 'h'))).toEqual({ db: { host: 'h' } });
    expect(tree(entry('app/db/host', 'h'), entry('app/db.json', '{"port":1}'))).toEqual({ db: { port: 1, host: 'h' } });
  });

  it('maps keys on one path as every key-value source does: the last in key order wins, whatever the listing order', () => {
    const keys = [entry('app/db.yaml', 'host: yaml'), entry('app/db', 'text'), entry('app/db.json', '{"host":"json"}')];
    expect(tree(...keys)).toEqual({ db: { host: 'yaml' } });
    expect(tree(...[...keys].reverse())).toEqual({ db: { host: 'yaml' } });
    expect(tree(entry('app/db.json', '{"host":"json"}'), entry('app/db', 'text'))).toEqual({ db: { host: 'json' } });
  });
});

describe('ConsulKvBatches', () => {
  it('holds back a listing that made a key unreadable, naming the full key; its readable keys come with the next listing', () => {
    const batches = new ConsulKvBatches('app/');
    batches.load([entry('app/db.json', '{"v":"1"}'), entry('app/ok', '1')]);
    const held = batches.next([entry('app/db.json', '{"password": "hunter2",'), entry('app/ok', '2')]);
    expect(held).toEqual({ held: true, problems: [{ key: 'app/db.json', problem: expect.stringMatching(/malformed JSON/) }] });
    expect(JSON.stringify(held)).not.toContain('hunter2');
    const next = batches.next([entry('app/db.json', '{"password": "hunter2",'), entry('app/ok', '2'), entry('app/new', '3')]);
    expect(next).toEqual({ held: false, tree: { db: { v: '1' }, ok: '2', new: '3' }, problems: [] });
  });
});
