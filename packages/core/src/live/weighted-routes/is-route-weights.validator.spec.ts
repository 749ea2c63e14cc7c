import { bindSection } from '../../store/section-binder';
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
  class Routes {
    @IsRouteWeights({ names: ['v1', 'v2'] }) greeting: Record<string, number> = { v1: 100, v2: 0 };
  }
  const bind = (plain: unknown) => bindSection({ type: Routes, path: ['routes'], pathText: 'routes', index: 0 }, plain);

  it('reads weights written as text (one key per weight in etcd or Consul) as numbers', () => {
    expect(bind({ greeting: { v1: '0', v2: ' 100 ' } })).toEqual({ ok: true, instance: { greeting: { v1: 0, v2: 100 } } });
    expect(bind({ greeting: { v1: 20, v2: '80.5' } })).toEqual({ ok: true, instance: { greeting: { v1: 20, v2: 80.5 } } });
  });

  it('still rejects text that is not a weight', () => {
    for (const weight of ['-5', 'lots', '']) expect(bind({ greeting: { v1: weight, v2: '1' } }).ok).toBe(false);
  });
});
