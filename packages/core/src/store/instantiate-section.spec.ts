import 'reflect-metadata';
import * as classTransformer from 'class-transformer';
import { Exclude, Expose, plainToInstance, Transform, Type } from 'class-transformer';
import type { ConfigTree } from '../interfaces/config-source.interface';
import { instantiateSection } from './instantiate-section';

const shared = (): string => 'shared';

class Plain {
  name = 'svc';
  port = 80;
  debug = false;
  note: string | null = null;
  handler: unknown = shared;
  sunk?: unknown;
  private _level: unknown = 1;
  get readOnly(): string {
    return 'ro';
  }
  get level(): unknown {
    return this._level;
  }
  set level(value: unknown) {
    this._level = value;
  }
  set sink(value: unknown) {
    this.sunk = value;
  }
  describe(): string {
    return 'method';
  }
}

class SubPlain extends Plain {}

class Typed {
  @Type(() => Plain) inner = new Plain();
  label = 'x';
}

class Transformed {
  @Transform(({ value }) => String(value).toUpperCase()) name = 'a';
  size = 1;
}

class PlainOnly {
  @Transform(() => 'never', { toPlainOnly: true }) v = 1;
}

class Exposed {
  @Expose({ name: 'display_name' }) displayName = 'anon';
}

class Excluded {
  @Exclude() secret = 'kept';
  open = 1;
}

@Exclude()
class Sealed {
  fixed = 1;
}

class SubTransformed extends Transformed {
  extra = true;
}

class SubExcluded extends Excluded {}

type Row = [name: string, type: new () => object, plain: ConfigTree, shortPath: boolean];

const rows: Row[] = [
  ['defaults only', Plain, {}, true],
  ['scalars over defaults', Plain, { name: 'api', port: 8080, debug: true, note: 'n' }, true],
  ['null and undefined values', Plain, { name: null, port: undefined, note: undefined }, true],
  ['keys absent from the class', Plain, { extra: 1, other: 'x', gone: undefined }, true],
  ['a method, a getter-only accessor and setters', Plain, { describe: 'x', readOnly: 'x', level: 5, sink: 's' }, true],
  ['a default that is a function', Plain, { handler: 'not a function' }, true],
  ['integer-like keys', Plain, { 10: 'a', 2: 'b', name: 'c' }, true],
  ['own __proto__ and constructor keys', Plain, JSON.parse('{"__proto__": 1, "constructor": "x", "port": 2}'), true],
  ['an own __proto__ key holding an object', Plain, JSON.parse('{"__proto__": {"polluted": true}, "name": "p"}'), false],
  ['a nested object and an array', Plain, { list: [1, 2], nested: { a: 1 }, port: 1 }, false],
  ['@Type on a nested object', Typed, { inner: { port: 2, extra: 3 }, label: 'y' }, false],
  ['@Type given a scalar', Typed, { inner: 5 }, false],
  ['@Type on a key not given', Typed, { label: 'y' }, false],
  ['@Transform upper-casing a value', Transformed, { name: 'shout', size: 2 }, false],
  ['@Transform on a key not given', Transformed, { size: 2 }, false],
  ['@Transform only to plain', PlainOnly, { v: 2 }, false],
  ['@Expose with a name', Exposed, { display_name: 'x', displayName: 'y' }, false],
  ['@Exclude dropping a key', Excluded, { secret: 'leak', open: 2 }, false],
  ['@Exclude on the class alone', Sealed, { fixed: 2 }, false],
  ['a subclass of a @Transform class', SubTransformed, { name: 'sub', extra: false }, false],
  ['a subclass of an @Exclude class', SubExcluded, { secret: 'leak', open: 3 }, false],
];

const KEYS = ['name', 'port', 'note', 'handler', 'describe', 'readOnly', 'level', 'sink', 'extra', '__proto__', 'constructor', '7'];
const VALUES = [undefined, null, 0, -1, 2.5, '', 'x', true, false];

/** Deterministic plain objects of scalars over `KEYS` (Park–Miller generator, fixed seed). */
function generatedPlains(count: number): ConfigTree[] {
  let seed = 20240601;
  const next = (bound: number): number => (seed = (seed * 48271) % 2147483647) % bound;
  return Array.from({ length: count }, () =>
    Object.fromEntries(KEYS.filter(() => next(2)).map((key) => [key, VALUES[next(VALUES.length)]])),
  );
}

function expectSameInstance(type: new () => object, plain: ConfigTree): object {
  const actual = instantiateSection(type, plain);
  const expected = plainToInstance(type, plain, { exposeDefaultValues: true }) as object;
  expect(actual).toBeInstanceOf(type);
  expect(actual).toStrictEqual(expected);
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  return actual;
}

describe('instantiateSection', () => {
  const slowPath = jest.spyOn(classTransformer, 'plainToInstance');
  afterAll(() => slowPath.mockRestore());

  it.each(rows)('equals plainToInstance for %s', (_name, type, plain, shortPath) => {
    slowPath.mockClear();
    const instance = instantiateSection(type, plain);
    expect(slowPath.mock.calls.length === 0).toBe(shortPath);
    expect(instance).not.toHaveProperty('polluted');
    expectSameInstance(type, plain);
  });

  it('applies the decorators as plainToInstance does', () => {
    expect(expectSameInstance(Transformed, { name: 'shout' })).toMatchObject({ name: 'SHOUT' });
    expect(expectSameInstance(Excluded, { secret: 'leak' })).toMatchObject({ secret: 'kept' });
    expect(expectSameInstance(SubTransformed, { name: 'sub' })).toMatchObject({ name: 'SUB', extra: true });
    expect(expectSameInstance(Exposed, { display_name: 'x' })).toMatchObject({ displayName: 'x' });
  });

  it('equals plainToInstance for generated scalar inputs to an undecorated class', () => {
    const plains = generatedPlains(300);
    expect(new Set(plains.map((plain) => Object.keys(plain).length)).size).toBeGreaterThan(5);
    for (const plain of plains) expectSameInstance(Plain, plain);
  });

  it('fails as plainToInstance does on a getter-only accessor of a base class', () => {
    expect(() => plainToInstance(SubPlain, { readOnly: 'x' }, { exposeDefaultValues: true })).toThrow(TypeError);
    expect(() => instantiateSection(SubPlain, { readOnly: 'x' })).toThrow(TypeError);
  });
});
