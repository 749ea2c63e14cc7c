import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Options of `@IsRouteWeights`. */
export interface RouteWeightsRules {
  /** The implementation names the weights may name; any other key is rejected (a typo would get no traffic). */
  readonly names?: readonly string[];
}

/**
 * Checks a field of route weights, such as `{ v1: 80, v2: 20 }`: an object of finite numbers of at
 * least 0, at least one above 0, and — when `names` is given — no other keys. A change that breaks
 * it is rejected like any invalid config, and the last good weights stay. It declares the weights'
 * type too: a weight written as text (`etcdctl put …/routes/greeting/v1 0`) is read as a number.
 *
 * @example
 * ```ts
 * @ConfigSection('routes')
 * export class RoutesConfig {
 *   @IsRouteWeights({ names: ['v1', 'v2'] }) greeting: RouteWeights = { v1: 100, v2: 0 };
 * }
 * ```
 */
export function IsRouteWeights(rules: RouteWeightsRules = {}, options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'isRouteWeights',
      constraints: [rules.names],
      validator: {
        validate: (value: unknown) => routeWeightsProblem(value, rules.names) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'weights'} ${routeWeightsProblem(args?.value, rules.names) ?? 'is invalid'}`,
      },
    },
    options,
  );
  const weightsAsNumbers = Transform(({ value }) => weightsOfText(value));
  return (target, property) => {
    weightsAsNumbers(target, property);
    validate(target, property);
  };
}

/** The weights with each weight written as decimal text read as a number; anything else as it was. */
function weightsOfText(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const weights: Record<string, unknown> = {};
  for (const [name, weight] of Object.entries(value)) {
    weights[name] = typeof weight === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(weight) ? Number(weight) : weight;
  }
  return weights;
}

/** What is wrong with `value` as route weights, or `undefined`. Names keys, never values. */
export function routeWeightsProblem(value: unknown, names?: readonly string[]): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of weights by name';
  const entries = Object.entries(value as Record<string, unknown>);
  const unknown = names && entries.find(([name]) => !names.includes(name));
  if (unknown) return `names '${unknown[0]}', which is not one of ${names.join(', ')}`;
  const bad = entries.find(([, weight]) => typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0);
  if (bad) return `must hold numbers of at least 0; '${bad[0]}' does not`;
  if (!entries.some(([, weight]) => (weight as number) > 0)) return 'must give at least one name a weight above 0';
  return undefined;
}
