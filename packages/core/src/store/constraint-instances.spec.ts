import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsInt,
  Min,
  useContainer,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { bindSection, type SectionBinding } from './section-binder';

@ValidatorConstraint({ name: 'isEven' })
class IsEvenConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && value % 2 === 0;
  }
}

class Pool {
  @IsInt() @Min(1) size = 4;
}

class LimitsConfig {
  @IsInt() @Min(1) limit = 10;
  @Validate(IsEvenConstraint) step = 2;
  @ValidateNested() @Type(() => Pool) pool = new Pool();
}

const binding: SectionBinding = { type: LimitsConfig, path: ['limits'], pathText: 'limits', index: 0 };

describe('pinConstraintInstances (through bindSection)', () => {
  const requested: unknown[] = [];
  beforeAll(() => {
    useContainer(
      { get: (type: unknown) => (requested.push(type), type === IsEvenConstraint ? new IsEvenConstraint() : undefined) },
      { fallback: true },
    );
  });

  it('keeps built-in constraints out of the container, and still validates with them', () => {
    const ok = bindSection(binding, { limit: 5, pool: { size: 2 } });
    expect(ok.ok).toBe(true);
    const bad = bindSection(binding, { limit: 0, pool: { size: 0 } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((issue) => issue.path).sort()).toEqual(['limits.limit', 'limits.pool.size']);
    expect(requested.filter((type) => (type as { name?: string }).name === 'CustomConstraint')).toEqual([]);
  });

  it('resolves constraint classes written by the application through the container, on every validation', () => {
    requested.length = 0;
    expect(bindSection(binding, { step: 4 }).ok).toBe(true);
    expect(bindSection(binding, { step: 3 }).ok).toBe(false);
    expect(requested.filter((type) => type === IsEvenConstraint).length).toBeGreaterThanOrEqual(2);
  });
});
