import { ConfigParseError } from '../errors';
import { findInputProblem, findPathProblem } from './check-tree';
import { DEFAULT_INPUT_LIMITS } from './input-limits';
import { formatOf, parseDocument } from './parse-document';

const where = { source: 'file:app.yaml', location: 'app.yaml' };

describe('parseDocument', () => {
  it('parses JSON and YAML', () => {
    expect(parseDocument('{"a":{"b":1}}', 'json', where)).toEqual({ a: { b: 1 } });
    expect(parseDocument('a:\n  b: 1\n', 'yaml', where)).toEqual({ a: { b: 1 } });
    expect(formatOf('x.YML')).toBe('yaml');
    expect(formatOf('x.txt')).toBeUndefined();
  });

  it.each([
    ['json', '{"password": hunter2}', /malformed JSON/],
    ['yaml', 'password: [hunter2', /malformed YAML at line 1, column \d+/],
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
