import { ConfigParseError } from '@config-center/core';
import { consulEntriesToTree, type ConsulKvEntry } from './consul-kv-mapping';

let index = 10;
const entry = (Key: string, value: string | null): ConsulKvEntry => ({
  Key,
  Value: value === null ? null : Buffer.from(value).toString('base64'),
  CreateIndex: index,
  ModifyIndex: index++,
});
const tree = (...entries: ConsulKvEntry[]) => consulEntriesToTree(entries, 'app/', 'consul');
const failure = (...entries: ConsulKvEntry[]) => {
  try {
    tree(...entries);
  } catch (error) {
    return error as ConfigParseError;
  }
  throw new Error('expected a ConfigParseError');
};

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
      cache: { redis: { ttl: 30, hosts: ['a', 'b'] } },
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

  it('rejects a malformed document, naming the key and never the value', () => {
    const error = failure(entry('app/db.json', '{"password":"hunter2",'));
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error.message).toContain("'app/db.json'");
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects forbidden and empty path segments', () => {
    expect(failure(entry('app/__proto__/polluted', '1')).message).toContain("forbidden key '__proto__'");
    expect(failure(entry('app/a//b', '1')).message).toContain('empty segment');
    expect(failure(entry('app/.json', '{}')).message).toContain('empty segment');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects two keys that claim one path, naming both', () => {
    expect(failure(entry('app/db', '1'), entry('app/db/host', 'h')).message).toMatch(/'app\/db\/host'.*already set by key 'app\/db'/);
    expect(failure(entry('app/db/host', 'h'), entry('app/db.json', '{}')).message).toMatch(
      /'app\/db.json'.*already set by other keys below it/,
    );
    expect(failure(entry('app/db.yaml', 'a: 1'), entry('app/db.json', '{}')).message).toMatch(/already set by key 'app\/db.yaml'/);
  });
});
