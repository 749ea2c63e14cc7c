import { ConfigCenterError, ConfigParseError } from '../errors';
import { EnvConfigSource } from './env-config-source';

describe('EnvConfigSource', () => {
  it('maps APP__RATE_LIMIT__LIMIT=5 to rateLimit.limit = 5, by the camelCase rule', async () => {
    const env = {
      APP__RATE_LIMIT__LIMIT: '5',
      APP__RATE_LIMIT__TTL_MS: '60000',
      APP__LOG_LEVEL: 'debug',
      APP__HTTP2_PORT: '8443',
      APP__db__host_name: 'db.internal',
      OTHER__VALUE: '1',
      APPX__VALUE: '1',
    };
    const { tree } = await new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect(tree).toEqual({
      rateLimit: { limit: 5, ttlMs: 60000 },
      logLevel: 'debug',
      http2Port: 8443,
      db: { hostName: 'db.internal' },
    });
  });

  it('parses values as JSON when they are JSON, and keeps them as strings otherwise', async () => {
    const env = {
      APP__FLAG: 'true',
      APP__NONE: 'null',
      APP__OBJECT: '{"a":1,"b":[1,2]}',
      APP__QUOTED: '"5"',
      APP__TEXT: 'hello world',
      APP__EMPTY: '',
      APP__ALMOST: '{not json',
    };
    const { tree } = await new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect(tree).toEqual({
      flag: true,
      none: null,
      object: { a: 1, b: [1, 2] },
      quoted: '5',
      text: 'hello world',
      empty: '',
      almost: '{not json',
    });
  });

  it('names itself after the prefix, takes a custom separator and reads process.env by default', async () => {
    const source = new EnvConfigSource({ prefix: 'CC_SPEC.', separator: '.' });
    expect(source.name).toBe('env:CC_SPEC.');
    process.env['CC_SPEC.RATE_LIMIT.LIMIT'] = '9';
    try {
      expect((await source.load()).tree).toEqual({ rateLimit: { limit: 9 } });
    } finally {
      delete process.env['CC_SPEC.RATE_LIMIT.LIMIT'];
    }
    expect(new EnvConfigSource({ prefix: 'A_', name: 'custom', env: {} }).name).toBe('custom');
    expect((await new EnvConfigSource({ prefix: 'CC_SPEC.', separator: '.' }).load()).tree).toEqual({});
  });

  it.each([
    ['APP__CONSTRUCTOR', /forbidden key 'constructor'/],
    ['APP__A__PROTOTYPE__B', /forbidden key 'prototype'/],
    ['APP____PROTO__', /empty path segment/],
    ['APP__', /empty path segment/],
    ['APP__A____B', /empty path segment/],
    ['APP___A', /segment '_A' is not words/],
    ['APP__A_', /segment 'A_' is not words/],
    ['APP__A-B', /segment 'A-B' is not words/],
  ])('rejects %s with a ConfigParseError naming the variable, not its value', async (variable, reason) => {
    const source = new EnvConfigSource({ prefix: 'APP__', env: { [variable]: 's3cret-value' }, name: 'env' });
    const error = await source.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toMatchObject({ source: 'env', location: variable });
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects a JSON value with a forbidden key or beyond the depth limit', async () => {
    const env = { APP__A: '{"__proto__": {"polluted": true}}' };
    await expect(new EnvConfigSource({ prefix: 'APP__', env }).load()).rejects.toThrow(/APP__A.*forbidden key '__proto__'/);
    const deep = { APP__DEEP: '['.repeat(40) + ']'.repeat(40) };
    await expect(new EnvConfigSource({ prefix: 'APP__', env: deep }).load()).rejects.toThrow(/APP__DEEP.*deeper than the limit/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects two variables whose paths clash, naming both', async () => {
    const nested = { APP__A: '1', APP__A__B: '2' };
    await expect(new EnvConfigSource({ prefix: 'APP__', env: nested }).load()).rejects.toThrow(
      /'APP__A__B'.*path 'a.b' clashes with 'APP__A'/,
    );
    const same = { APP__RATE_LIMIT: '1', APP__rate_limit: '2' };
    await expect(new EnvConfigSource({ prefix: 'APP__', env: same }).load()).rejects.toThrow(/clashes with 'APP__RATE_LIMIT'/);
  });

  it('refuses an empty prefix or separator', () => {
    expect(() => new EnvConfigSource({ prefix: '' })).toThrow(ConfigCenterError);
    expect(() => new EnvConfigSource({ prefix: 'APP__', separator: '' })).toThrow(/separator must not be empty/);
  });

  it('has no watch and closes without effect', async () => {
    const source = new EnvConfigSource({ prefix: 'APP__', env: { APP__A: '1' } });
    expect('watch' in source).toBe(false);
    await source.close();
    expect((await source.load()).tree).toEqual({ a: 1 });
  });
});
