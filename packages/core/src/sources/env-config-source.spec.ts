import { ConfigCenterError } from '../errors';
import { EnvConfigSource } from './env-config-source';

describe('EnvConfigSource', () => {
  it('maps APP__RATE_LIMIT__LIMIT=5 to rateLimit.limit, by the camelCase rule, keeping the text', async () => {
    const env = {
      APP__RATE_LIMIT__LIMIT: '5',
      APP__RATE_LIMIT__TTL_MS: '60000',
      APP__LOG_LEVEL: 'debug',
      APP__HTTP2_PORT: '8443',
      APP__db__host_name: 'db.internal',
      OTHER__VALUE: '1',
      APPX__VALUE: '1',
    };
    const { tree, problems } = await new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect(tree).toEqual({
      rateLimit: { limit: '5', ttlMs: '60000' },
      logLevel: 'debug',
      http2Port: '8443',
      db: { hostName: 'db.internal' },
    });
    expect(problems).toEqual([]);
  });

  it('keeps each value as text; a JSON object or array is that structure', async () => {
    const env = {
      APP__VERSION: '1.10',
      APP__FLAG: 'true',
      APP__NONE: 'null',
      APP__OBJECT: '{"a":1,"b":[1,2]}',
      APP__LIST: ' [1, "x"]',
      APP__QUOTED: '"5"',
      APP__EMPTY: '',
      APP__ALMOST: '{not json',
    };
    const { tree } = await new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect(tree).toEqual({
      version: '1.10',
      flag: 'true',
      none: 'null',
      object: { a: 1, b: [1, 2] },
      list: [1, 'x'],
      quoted: '"5"',
      empty: '',
      almost: '{not json',
    });
  });

  it('names itself after the prefix, takes a custom separator and reads process.env by default', async () => {
    const source = new EnvConfigSource({ prefix: 'CC_SPEC.', separator: '.' });
    expect(source.name).toBe('env:CC_SPEC.');
    process.env['CC_SPEC.RATE_LIMIT.LIMIT'] = '9';
    try {
      expect((await source.load()).tree).toEqual({ rateLimit: { limit: '9' } });
    } finally {
      delete process.env['CC_SPEC.RATE_LIMIT.LIMIT'];
    }
    expect(new EnvConfigSource({ prefix: 'A_', name: 'custom', env: {} }).name).toBe('custom');
    expect((await new EnvConfigSource({ prefix: 'CC_SPEC.', separator: '.' }).load()).tree).toEqual({});
  });

  it.each([
    ['APP__CONSTRUCTOR', /forbidden key 'constructor'/],
    ['APP__A__PROTOTYPE__B', /forbidden key 'prototype'/],
    ['APP____PROTO__', /empty segment/],
    ['APP__', /the key is the prefix itself/],
    ['APP__A____B', /empty segment/],
    ['APP___A', /segment '_A' is malformed/],
    ['APP__A_', /segment 'A_' is malformed/],
    ['APP__A-B', /segment 'A-B' is malformed/],
    [`APP__${Array.from({ length: 40 }, () => 'A').join('__')}`, /more than 32 segments/],
  ])('leaves %s out and reports it, naming the variable, not its value; the others load', async (variable, reason) => {
    const source = new EnvConfigSource({ prefix: 'APP__', env: { [variable]: 's3cret-value', APP__OK: 'yes' }, name: 'env' });
    const { tree, problems } = await source.load();
    expect(tree).toEqual({ ok: 'yes' });
    expect(problems).toEqual([{ key: variable, problem: expect.stringMatching(reason) }]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });

  it('leaves out a JSON value with a forbidden key or beyond the depth limit', async () => {
    const env = { APP__A: '{"__proto__": {"polluted": true}}', APP__DEEP: '['.repeat(40) + ']'.repeat(40), APP__B: '1' };
    const { tree, problems } = await new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect(tree).toEqual({ b: '1' });
    expect(problems).toEqual([
      { key: 'APP__A', problem: expect.stringMatching(/forbidden key '__proto__'/) },
      { key: 'APP__DEEP', problem: expect.stringMatching(/deeper than the limit/) },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lets a variable below another overlay it, whatever the order of the environment', async () => {
    const load = (env: Record<string, string>) => new EnvConfigSource({ prefix: 'APP__', env }).load();
    expect((await load({ APP__A__B: '2', APP__A: '1' })).tree).toEqual({ a: { b: '2' } });
    expect((await load({ APP__A: '1', APP__A__B: '2' })).tree).toEqual({ a: { b: '2' } });
  });

  it('refuses an empty prefix or separator', () => {
    expect(() => new EnvConfigSource({ prefix: '' })).toThrow(ConfigCenterError);
    expect(() => new EnvConfigSource({ prefix: 'APP__', separator: '' })).toThrow(/separator must not be empty/);
  });

  it('has no watch, and refuses to load once closed', async () => {
    const source = new EnvConfigSource({ prefix: 'APP__', env: { APP__A: '1' } });
    expect('watch' in source).toBe(false);
    expect((await source.load()).tree).toEqual({ a: '1' });
    await source.close();
    await expect(source.load()).rejects.toThrow(/'env:APP__': is closed and cannot load again/);
  });
});
