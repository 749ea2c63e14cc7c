import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Allow,
  getMetadataStorage,
  IsBoolean,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  useContainer,
  Validate,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  validateSync,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { surelyValid, validatedProperties, validationMetadatas } from './validation-plan';

class Port {
  @IsInt() @Min(0) port = 80;
}

class Optional {
  @IsOptional() @IsInt() @Min(0) retries?: number;
  @IsDefined() token: unknown = 't';
}

class Conditional {
  @IsBoolean() enabled = false;
  @ValidateIf((config: Conditional) => config.enabled === true) @IsString() host?: unknown;
}

class Inherited extends Port {
  @IsString() host = 'h';
  @Allow() note?: unknown;
}

/** Redeclaring a property replaces the base class's checks on it (class-validator's rule). */
class Overridden extends Port {
  @Max(5) override port = 1;
}

class Grouped {
  @IsInt({ groups: ['strict'] }) @Min(0, { always: true }) level = 1;
  @IsString({ validateIf: (config: Grouped) => config.level === 1 }) mode: unknown = 'x';
}

class Pool {
  @IsInt() @Min(1) size = 4;
}

class Nested {
  @ValidateNested() @Type(() => Pool) pool: unknown = new Pool();
  @IsInt() count = 1;
}

class Each {
  @IsNotEmpty({ each: true }) names: unknown = ['a'];
}

@ValidatorConstraint({ name: 'remoteCheck', async: true })
class RemoteCheck implements ValidatorConstraintInterface {
  validate(value: unknown): Promise<boolean> {
    return Promise.resolve(value === 'ok');
  }
}

/** An async constraint (`validateSync` skips it) and a sync one that answers with a promise. */
class Deferred {
  @Validate(RemoteCheck) @IsString() key: unknown = 'ok';
  @ValidateBy({ name: 'isEventuallyTrue', validator: { validate: () => Promise.resolve(false) } }) @IsInt() count = 1;
}

@ValidatorConstraint({ name: 'multipleOf' })
class MultipleOf implements ValidatorConstraintInterface {
  constructor(private readonly factor = 2) {}
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % this.factor === 0;
  }
}

/** The container gives `MultipleOf(3)`; `new MultipleOf()` would check for 2. */
class Contained {
  @Validate(MultipleOf) step = 6;
}

/** An application's constraint class that happens to carry the name of class-validator's wrapper, and reads `this`. */
@ValidatorConstraint({ name: 'atMost' })
class CustomConstraint implements ValidatorConstraintInterface {
  private readonly limit = 5;
  validate(value: unknown): boolean {
    return typeof value === 'number' && value <= this.limit;
  }
}

class NamedLikeWrapper {
  @Validate(CustomConstraint) level = 1;
}

const VALUES: unknown[] = [undefined, null, 0, 4, 7, -1, 2.5, NaN, '', 'x', 'ok', '7', true, false, [], ['a', 'b'], [1], {}];

type Case = { readonly type: new () => object; readonly keys: readonly string[]; readonly values?: readonly unknown[] };

const exact: Case[] = [
  { type: Port, keys: ['port'] },
  { type: Optional, keys: ['retries', 'token'] },
  { type: Conditional, keys: ['enabled', 'host'] },
  { type: Inherited, keys: ['port', 'host'] },
  { type: Overridden, keys: ['port'] },
  { type: Grouped, keys: ['level', 'mode'] },
];

const conservative: Case[] = [
  { type: Nested, keys: ['pool', 'count'], values: [...VALUES, new Pool(), Object.assign(new Pool(), { size: 0 })] },
  { type: Each, keys: ['names'], values: [...VALUES, [''], ['', 'a']] },
  { type: Deferred, keys: ['key', 'count'] },
  { type: Contained, keys: ['step'] },
  { type: NamedLikeWrapper, keys: ['level'] },
];

/** Every combination of `values` over the case's keys, each set on a fresh instance. */
function instances({ type, keys, values = VALUES }: Case): object[] {
  const combos = keys.reduce<Record<string, unknown>[]>(
    (all, key) => all.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value }))),
    [{}],
  );
  return combos.map((combo) => Object.assign(new type(), combo));
}

const validates = (instance: object): boolean => validateSync(instance, { forbidUnknownValues: false }).length === 0;

function verdicts(test: Case): { instance: object; fast: boolean; slow: boolean }[] {
  return instances(test).map((instance) => ({ instance, fast: surelyValid(instance), slow: validates(instance) }));
}

describe('surelyValid', () => {
  beforeAll(() => useContainer({ get: (type: unknown) => (type === MultipleOf ? new MultipleOf(3) : undefined) }, { fallback: true }));

  it.each([...exact, ...conservative].map((test) => [test.type.name, test]))('is true only when validateSync passes: %s', (_name, test) => {
    const unsound = verdicts(test).filter(({ fast, slow }) => fast && !slow);
    expect(unsound.map(({ instance }) => instance)).toEqual([]);
  });

  it.each(exact.map((test) => [test.type.name, test]))('answers exactly as validateSync for %s', (_name, test) => {
    const results = verdicts(test);
    expect(results.filter(({ fast, slow }) => fast !== slow).map(({ instance }) => instance)).toEqual([]);
    expect(new Set(results.map(({ slow }) => slow))).toEqual(new Set([true, false]));
  });

  it('goes through the container for constraint classes written by the application', () => {
    expect(surelyValid(Object.assign(new Contained(), { step: 4 }))).toBe(false);
    expect(surelyValid(Object.assign(new Contained(), { step: 9 }))).toBe(true);
  });

  it('leaves a property named like a member of Object.prototype to class-validator', () => {
    class Named {}
    IsString()(Named.prototype, 'valueOf');
    expect(surelyValid(Object.assign(new Named(), { valueOf: 'x' }))).toBe(false);
  });
});

describe('validatedProperties', () => {
  it('lists every validated property once, inherited ones included', () => {
    expect(new Set(validatedProperties(Inherited))).toEqual(new Set(['port', 'host', 'note']));
    expect(validatedProperties(Overridden)).toEqual(['port']);
    expect(new Set(validatedProperties(Nested))).toEqual(new Set(['pool', 'count']));
  });

  it('finds the metadata class-validator finds, over chains of any shape', () => {
    class Deeper extends Inherited {
      @IsInt() depth = 3;
      @IsString() override host = 'd';
    }
    function Legacy(): void {}
    Legacy.prototype = Object.create(Port.prototype, { constructor: { value: Legacy } }) as object;
    IsString()(Legacy.prototype as object, 'label');
    /** A base whose prototype names another constructor: class-validator still sees through it. */
    class Disowning {
      @IsInt() count = 1;
    }
    class Disowned extends Disowning {
      @IsBoolean() on = true;
    }
    Object.defineProperty(Disowning.prototype, 'constructor', { value: Object });
    for (const type of [Port, Inherited, Overridden, Deeper, Legacy, Disowned, Grouped, Nested, Conditional] as object[]) {
      const expected = getMetadataStorage().getTargetValidationMetadatas(
        type as new () => object,
        undefined as unknown as string,
        false,
        false,
      );
      expect(new Set(validationMetadatas(type))).toEqual(new Set(expected));
      expect(validationMetadatas(type)).toHaveLength(expected.length);
      const properties = new Set(expected.map((metadata) => metadata.propertyName));
      expect(new Set(validatedProperties(type))).toEqual(properties);
      expect(validatedProperties(type)).toHaveLength(properties.size);
    }
  });
});
