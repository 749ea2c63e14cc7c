import { keyPath, mapKey } from './etcd-key-mapping';

describe('etcd key mapping', () => {
  it('splits keys on / into paths', () => {
    expect(keyPath('rateLimit/limit')).toEqual({ path: ['rateLimit', 'limit'], format: undefined });
    expect(keyPath('flags')).toEqual({ path: ['flags'], format: undefined });
  });

  it('mounts .json, .yaml and .yml keys at the path without the extension', () => {
    expect(keyPath('db.yaml')).toEqual({ path: ['db'], format: 'yaml' });
    expect(keyPath('sub/app.JSON')).toEqual({ path: ['sub', 'app'], format: 'json' });
    expect(keyPath('x/y.yml')).toEqual({ path: ['x', 'y'], format: 'yaml' });
  });

  it.each([
    ['', /prefix itself/],
    ['a//b', /empty segment/],
    ['a/', /empty segment/],
    ['.json', /empty segment/],
    ['__proto__/x', /forbidden key '__proto__'/],
    ['a/constructor', /forbidden key 'constructor'/],
  ])('refuses the key %j', (key, problem) => {
    expect(keyPath(key).problem).toMatch(problem);
    expect(mapKey(key, '1').problem).toMatch(problem);
  });

  it.each([
    ['5', '5'],
    ['0', '0'],
    ['-0', '-0'],
    ['-42', '-42'],
    ['12345678901234567890', '12345678901234567890'],
    ['1.10', '1.10'],
    ['2.0', '2.0'],
    ['1e3', '1e3'],
    ['1e999', '1e999'],
    ['007', '007'],
    ['-1.5', '-1.5'],
    ['true', 'true'],
    ['null', 'null'],
    ['"quoted"', '"quoted"'],
    ['"[1]"', '"[1]"'],
    ['[1,"a"]', [1, 'a']],
    ['{"a":{"b":1}}', { a: { b: 1 } }],
    ['[]', []],
    ['{}', {}],
    ['hello world', 'hello world'],
    ['', ''],
    ['{not json', '{not json'],
    ['[1,', '[1,'],
    ['{"a":1} trailing', '{"a":1} trailing'],
    [' 5', ' 5'],
    ['\n[1]', [1]],
    ['  {"a":"5"}', { a: '5' }],
    ['true-ish', 'true-ish'],
    ['-', '-'],
    ['https://example.com/x', 'https://example.com/x'],
  ])('keeps the value %j as text, a JSON object or array as that structure', (text, value) => {
    expect(mapKey('k', text)).toEqual({ path: ['k'], value });
  });

  it('parses documents', () => {
    expect(mapKey('db.yaml', 'host: db.local\nport: 5432\n')).toEqual({ path: ['db'], value: { host: 'db.local', port: '5432' } });
    expect(mapKey('db.json', '{"port": 5432}')).toEqual({ path: ['db'], value: { port: 5432 } });
    expect(mapKey('empty.yaml', '')).toEqual({ path: ['empty'], value: null });
  });

  it("keeps the text of a *.yaml key's plain scalars, as of a key's value; a *.json key's numbers are numbers", () => {
    expect(mapKey('app.yaml', 'version: 1.10\nzip: 007\nports: [80, 443]\nnote:\n')).toEqual({
      path: ['app'],
      value: { version: '1.10', zip: '007', ports: ['80', '443'], note: null },
    });
    expect(mapKey('app/version', '1.10')).toEqual({ path: ['app', 'version'], value: '1.10' });
    expect(mapKey('app.json', '{"version": 1.10, "zip": "007"}')).toEqual({ path: ['app'], value: { version: 1.1, zip: '007' } });
  });

  it('reports a malformed document by key and position, never by content', () => {
    const mapped = mapKey('db.yaml', 'password: s3cr3t-value\n  bad: [indent');
    expect(mapped).toEqual({ path: ['db'], problem: expect.stringMatching(/^YAML syntax error at line 1, column \d+: /) });
    expect(mapped.problem).not.toContain('s3cr3t');
    expect(mapKey('db.json', '{"password": "s3cr3t-value",').problem).toMatch(/^malformed JSON/);
  });

  it('refuses values with forbidden keys or absurd nesting', () => {
    expect(mapKey('a', '{"__proto__": {"polluted": true}}').problem).toMatch(/forbidden key '__proto__' at 'a'/);
    expect(mapKey('a.yaml', 'constructor: 1').problem).toMatch(/forbidden key 'constructor'/);
    expect(mapKey('deep', '['.repeat(40) + ']'.repeat(40)).problem).toMatch(/deeper than the limit/);
    expect(mapKey('huge', '{"n": 1e999}').problem).toMatch(/value at 'huge.n' is not a finite number/);
    expect(mapKey('huge', '[1e999]').problem).toMatch(/value at 'huge.0' is not a finite number/);
    expect(mapKey('long', 'x'.repeat(5000))).toEqual({ path: ['long'], value: 'x'.repeat(5000) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
