import 'reflect-metadata';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { bindSection, type SectionBinding } from './section-binder';

class Upstream {
  @IsString() host = '127.0.0.1';
  @IsInt() @Min(1) port = 80;
}

class ServiceConfig {
  @IsBoolean() enabled = true;
  @IsInt() retries = 3;
  @ValidateNested() @Type(() => Upstream) primary = new Upstream();
  @IsArray() @ValidateNested({ each: true }) @Type(() => Upstream) replicas: Upstream[] = [];
  @IsArray() @IsString({ each: true }) tags: string[] = [];
}

const binding: SectionBinding = {
  type: ServiceConfig,
  path: ['service'],
  pathText: 'service',
  index: 0,
  unknownKeys: 'warn',
  name: 'Section',
};

function bind(plain: unknown): ServiceConfig {
  const result = bindSection(binding, plain);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.instance as ServiceConfig;
}

describe('bindSection', () => {
  it('uses field initialisers as defaults, also inside nested objects', () => {
    const config = bind({ primary: { port: 8080 } });
    expect(config).toBeInstanceOf(ServiceConfig);
    expect(config.primary).toBeInstanceOf(Upstream);
    expect(config).toMatchObject({ enabled: true, retries: 3, primary: { host: '127.0.0.1', port: 8080 }, replicas: [] });
    expect(bind(undefined)).toMatchObject({ enabled: true, retries: 3 });
  });

  it('converts strings to declared types, and "false" to false', () => {
    const config = bind({ enabled: 'false', retries: '7', primary: { port: '81' }, replicas: [{ port: '82' }] });
    expect(config.enabled).toBe(false);
    expect(config.retries).toBe(7);
    expect(config.primary.port).toBe(81);
    expect(config.replicas[0]).toMatchObject({ host: '127.0.0.1', port: 82 });
  });

  it('converts a validated field that has no default, inherited ones too', () => {
    class Endpoint {
      @IsInt() port!: number;
    }
    class Database extends Endpoint {
      @IsBoolean() tls!: boolean;
    }
    const result = bindSection(
      { type: Database, path: ['db'], pathText: 'db', index: 0, unknownKeys: 'warn', name: 'Section' },
      { port: '5432', tls: 'true' },
    );
    expect(result.ok && result.instance).toEqual({ port: 5432, tls: true });
  });

  it('converts the items of a list to the kind its { each: true } validators declare, as it converts a field', () => {
    expect(bind({ tags: [5, 1.1, true, 'x'] }).tags).toEqual(['5', '1.1', 'true', 'x']);
  });

  it('deep-freezes the instance', () => {
    const config = bind({ replicas: [{ host: 'a' }], tags: ['x'] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.primary)).toBe(true);
    expect(Object.isFrozen(config.replicas)).toBe(true);
    expect(Object.isFrozen(config.replicas[0])).toBe(true);
    expect(() => (config.tags as string[]).push('y')).toThrow(TypeError);
  });

  it('names the full path and the constraint of every nested failure, never the value', () => {
    const result = bindSection(binding, { retries: 'lots', replicas: [{ port: 0 }], tags: [{ name: 'x' }] });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues).toEqual([
      { path: 'service.retries', constraints: { isInt: 'must be an integer number' }, message: 'must be an integer number (got a string)' },
      { path: 'service.replicas.0.port', constraints: { min: 'must not be less than 1' }, message: 'must not be less than 1' },
      {
        path: 'service.tags',
        constraints: { isString: 'each value must be a string' },
        message: 'each value must be a string (got a list)',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('lots');
  });

  it('says the most basic failed constraint and the kind of input, once per path: "five" is not an integer before it is below 1', () => {
    const result = bindSection(binding, { primary: { port: 'five' }, enabled: ['yes'] });
    expect(result.ok ? [] : result.issues).toEqual([
      { path: 'service.enabled', constraints: { isBoolean: 'must be a boolean value' }, message: 'must be a boolean value (got a list)' },
      {
        path: 'service.primary.port',
        constraints: { min: 'must not be less than 1', isInt: 'must be an integer number' },
        message: 'must be an integer number (got a string)',
      },
    ]);
  });

  it('rejects a section path that holds a scalar', () => {
    const result = bindSection(binding, 'oops');
    expect(result).toEqual({
      ok: false,
      issues: [{ path: 'service', constraints: { isObject: 'must be an object' }, message: 'must be an object (got a string)' }],
    });
  });

  it("applies class-transformer's own decorators, through plainToInstance: @Transform, @Expose and @Exclude", () => {
    class Decorated {
      @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value)) @IsString() region = 'EU';
      @Expose({ name: 'max-connections' }) @IsInt() maxConnections = 10;
      @Exclude() internal = 'kept';
    }
    const result = bindSection(
      { type: Decorated, path: ['pool'], pathText: 'pool', index: 0, unknownKeys: 'warn', name: 'Section' },
      { region: 'us', 'max-connections': '20', internal: 'x' },
    );
    expect(result).toEqual({ ok: true, instance: { region: 'US', maxConnections: 20, internal: 'kept' }, unknownKeys: [] });
  });
});
