import { ConfigParseError } from '../errors';
import { findInputProblem, findPathProblem } from './check-tree';
import { DEFAULT_INPUT_LIMITS } from './input-limits';
import { formatOf, parseDocument } from './parse-document';

const where = { source: 'file:app.yaml', location: 'app.yaml' };

describe('parseDocument', () => {
  it('parses JSON and YAML', () => {
    expect(parseDocument('{"a":{"b":1}}', 'json', where)).toEqual({ a: { b: 1 } });
    expect(parseDocument('a:\n  b: 1\n', 'yaml', where)).toEqual({ a: { b: '1' } });
    expect(formatOf('x.YML')).toBe('yaml');
    expect(formatOf('x.txt')).toBeUndefined();
  });

  it('reads YAML plain scalars as their text, for the declared type of a field to convert', () => {
    const text = 'version: 1.10\nzip: 007\non: true\nyes: yes\ninf: .inf\nhex: 0x1F\nexp: 1e3\nlist: [1, 2]\n1: a\n';
    expect(parseDocument(text, 'yaml', where)).toEqual({
      version: '1.10',
      zip: '007',
      on: 'true',
      yes: 'yes',
      inf: '.inf',
      hex: '0x1F',
      exp: '1e3',
      list: ['1', '2'],
      '1': 'a',
    });
  });

  it('keeps a plain null, ~ or empty YAML value null, and quoted, block and aliased scalars as before', () => {
    const text = 'a:\nb: ~\nc: null\nd: \'null\'\ne: "007"\nf: |\n  1.10\ng: &v 1.10\nh: *v\n';
    expect(parseDocument(text, 'yaml', where)).toEqual({
      a: null,
      b: null,
      c: null,
      d: 'null',
      e: '007',
      f: '1.10\n',
      g: '1.10',
      h: '1.10',
    });
    expect(parseDocument('', 'yaml', where)).toBeNull();
  });

  it('reads explicit YAML scalar tags as the text they tag, without a warning that would quote the line', () => {
    const warn = jest.spyOn(process, 'emitWarning');
    try {
      const text = 'i: !!int 007\nf: !!float 1.10\nb: !!bool true\ns: !!str 5\nn: !!null ~\n';
      expect(parseDocument(text, 'yaml', where)).toEqual({ i: '007', f: '1.10', b: 'true', s: '5', n: null });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reads a scalar under a tag it does not know as its text, without a warning that would quote the line', () => {
    const warn = jest.spyOn(process, 'emitWarning');
    try {
      expect(parseDocument('token: !vault s3cr3t-5518\n', 'yaml', where)).toEqual({ token: 's3cr3t-5518' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reads a YAML merge key << as an ordinary key, whatever %YAML version the document names', () => {
    const merged = { base: { p: '1' }, m: { '<<': { p: '1' }, q: '2' } };
    expect(parseDocument('base: &b {p: 1}\nm:\n  <<: *b\n  q: 2\n', 'yaml', where)).toEqual(merged);
    expect(parseDocument('%YAML 1.1\n---\nbase: &b {p: 1}\nm:\n  <<: *b\n  q: 2\n', 'yaml', where)).toEqual(merged);
  });

  it('reads a JSON number literal as the number: JSON keeps no text of it', () => {
    expect(parseDocument('{"version": 1.10, "zip": "007", "list": [1, 2]}', 'json', where)).toEqual({
      version: 1.1,
      zip: '007',
      list: [1, 2],
    });
  });

  it.each([
    ['json', '{"password": hunter2}', /malformed JSON/],
    ['yaml', 'password: [hunter2', /YAML syntax error at line 1, column 19: .* \(BAD_INDENT\)$/],
    ['json', '{"__proto__": {"polluted": true}}', /forbidden key '__proto__'/],
    ['yaml', 'a:\n  constructor:\n    prototype: 1\n', /forbidden key 'constructor' at 'a'/],
  ])('rejects bad %s input with a clear error that names the source and not the content', (format, text, reason) => {
    const error = catchError(() => parseDocument(text, format as 'json' | 'yaml', where));
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain("'file:app.yaml'");
    expect(error.message).not.toContain('hunter2');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects absurd nesting and size', () => {
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(() => parseDocument(deep, 'json', where)).toThrow(/deeper than the limit of 32/);
    const limits = { ...DEFAULT_INPUT_LIMITS, maxValueLength: 10, maxDocumentLength: 100 };
    expect(() => parseDocument(JSON.stringify({ a: 'x'.repeat(11) }), 'json', where, limits)).toThrow(/'a' is 11 characters long/);
    expect(() => parseDocument(' '.repeat(101), 'json', where, limits)).toThrow(/limit is 100/);
  });

  it('rejects YAML alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(() => parseDocument(bomb, 'yaml', where)).toThrow(ConfigParseError);
  });
});

describe('input checks', () => {
  it('finds forbidden and empty path segments', () => {
    expect(findPathProblem(['a', '__proto__'])).toMatch(/forbidden key '__proto__'/);
    expect(findPathProblem(['a', ''])).toMatch(/empty segment/);
    expect(findPathProblem(['a', 'b'])).toBeUndefined();
  });

  it('accepts plain data and rejects functions, class instances and non-finite numbers', () => {
    expect(findInputProblem({ a: [1, 'x', null, true, { b: 2 }] })).toBeUndefined();
    expect(findInputProblem({ a: () => 1 })).toMatch(/is a function/);
    expect(findInputProblem({ a: new Date() })).toMatch(/not plain data/);
    expect(findInputProblem({ a: Infinity })).toMatch(/not a finite number/);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
