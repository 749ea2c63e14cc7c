import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, MemoryConfigSource, type ConfigErrorEvent } from '@config-center/core';
import { IsRouteWeights, routeWeightsProblem } from './is-route-weights.validator';

describe('routeWeightsProblem', () => {
  it('accepts weights of at least 0 with one above 0', () => {
    expect(routeWeightsProblem({ v1: 80, v2: 20 })).toBeUndefined();
    expect(routeWeightsProblem({ v1: 0, v2: 0.5 }, ['v1', 'v2'])).toBeUndefined();
  });

  it('rejects negative, non-numeric and all-zero weights, naming the key and not the value', () => {
    expect(routeWeightsProblem({ v1: -5, v2: 20 })).toBe("must hold numbers of at least 0; 'v1' does not");
    expect(routeWeightsProblem({ v1: '80' })).toBe("must hold numbers of at least 0; 'v1' does not");
    expect(routeWeightsProblem({ v1: 0, v2: 0 })).toBe('must give at least one name a weight above 0');
    expect(routeWeightsProblem([1, 2])).toBe('must be an object of weights by name');
  });

  it('rejects a name that is not an implementation', () => {
    expect(routeWeightsProblem({ v1: 1, v3: 1 }, ['v1', 'v2'])).toBe("names 'v3', which is not one of v1, v2");
  });
});

describe('@IsRouteWeights', () => {
  @ConfigSection('routes')
  class Routes {
    @IsRouteWeights({ names: ['v1', 'v2'] }) greeting: Record<string, number> = { v1: 100, v2: 0 };
  }
  let memory: MemoryConfigSource;
  let moduleRef: TestingModule;
  let config: ConfigCenterService;
  let errors: ConfigErrorEvent[];

  beforeEach(async () => {
    memory = new MemoryConfigSource({ routes: { greeting: { v1: '0', v2: ' 100 ' } } });
    const module = ConfigCenterModule.forRoot({ sources: [memory], sections: [Routes] });
    moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
    await moduleRef.init();
    config = moduleRef.get(ConfigCenterService);
    errors = [];
    config.errors$.subscribe((event) => errors.push(event));
  });
  afterEach(() => moduleRef.close());

  it('reads weights written as text (one key per weight in etcd or Consul) as numbers', () => {
    expect(config.get(Routes).greeting).toEqual({ v1: 0, v2: 100 });
    memory.set('routes.greeting', { v1: 20, v2: '80.5' });
    expect(config.get(Routes).greeting).toEqual({ v1: 20, v2: 80.5 });
  });

  it('still rejects text that is not a weight, and the last good weights stay', () => {
    for (const weight of ['-5', 'lots', '']) memory.set('routes.greeting.v1', weight);
    expect(errors.map((event) => event.kind)).toEqual(['validation', 'validation', 'validation']);
    expect(errors[0].message).toContain("routes.greeting: must hold numbers of at least 0; 'v1' does not");
    expect(config.get(Routes).greeting).toEqual({ v1: 0, v2: 100 });
  });
});
