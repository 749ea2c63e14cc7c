import { ConfigCenterError } from '@config-center/core';
import type { ConfigCenterService } from '@config-center/core';
import { WeightTable } from './weight-table';

/** Options of a `WeightedRoute`. */
export interface WeightedRouteOptions {
  /**
   * `smooth` (default): smooth weighted round robin — exact shares over every cycle of picks, well
   * interleaved, restarted on each change of the weights. `random`: an independent draw per call.
   */
  readonly strategy?: 'smooth' | 'random';
  /** The name used while no implementation has a weight above 0; default the first name. */
  readonly fallback?: string;
  /** The source of fractions in [0, 1) for `random`; default `Math.random`. */
  readonly random?: () => number;
}

/**
 * Splits calls between implementations by the weights at a config path, e.g.
 * `routes.greeting: { v1: 80, v2: 20 }`. Each `pick()` reads the weights being served, so a change
 * applies to the next call. Validate the weights in their section with `@IsRouteWeights`.
 *
 * @example
 * ```ts
 * private readonly greeters = new WeightedRoute(this.config, 'routes.greeting', { v1: this.v1, v2: this.v2 });
 * greet() { return this.greeters.pick().greet(); }
 * ```
 */
export class WeightedRoute<T> {
  private readonly names: readonly string[];
  private readonly fallback: string;
  private seen: unknown = Symbol('none');
  private table: WeightTable | undefined;

  constructor(
    private readonly config: ConfigCenterService,
    /** The config path of the weights. */
    readonly path: string,
    private readonly targets: Readonly<Record<string, T>>,
    private readonly options: WeightedRouteOptions = {},
  ) {
    this.names = Object.keys(targets);
    if (!this.names.length) throw new ConfigCenterError(`Weighted route '${path}' needs at least one implementation`);
    this.fallback = options.fallback ?? this.names[0];
    if (!this.names.includes(this.fallback)) {
      throw new ConfigCenterError(`Weighted route '${path}': fallback '${this.fallback}' is not one of ${this.names.join(', ')}`);
    }
    // Read now, not only per call: a route made at startup makes its path one the app reads, so its
    // top-level key is not reported as one nothing reads (a typo).
    this.currentTable();
  }

  /** The implementation for this call. */
  pick(): T {
    return this.targets[this.pickName()];
  }

  /** The name of the implementation for this call. */
  pickName(): string {
    const table = this.currentTable();
    if (!table) return this.fallback;
    return this.options.strategy === 'random' ? table.at((this.options.random ?? Math.random)()) : table.next();
  }

  /** The weights in effect, by implementation name (0 for names the config leaves out). */
  weights(): Record<string, number> {
    const table = this.currentTable();
    return Object.fromEntries(this.names.map((name, i) => [name, table ? table.weights[i] : name === this.fallback ? 1 : 0]));
  }

  private currentTable(): WeightTable | undefined {
    const value = this.config.get(this.path, undefined);
    if (value !== this.seen) {
      this.seen = value;
      this.table = WeightTable.of(value, this.names);
    }
    return this.table;
  }
}
