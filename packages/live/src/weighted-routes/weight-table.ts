/** Weights by implementation name, as held in config: `{ v1: 80, v2: 20 }`. */
export type RouteWeights = Readonly<Record<string, number>>;

/**
 * One version of a route's weights over a fixed list of names, and the two ways to choose by them.
 * Names the config does not list, and weights that are not finite numbers of at least 0, count as 0;
 * names in the config without an implementation are ignored.
 */
export class WeightTable {
  /** Smooth weighted round robin state (nginx's): one running score per name. */
  private readonly scores: number[];

  private constructor(
    readonly names: readonly string[],
    readonly weights: readonly number[],
    readonly total: number,
  ) {
    this.scores = weights.map(() => 0);
  }

  /** The table of `value` (the config value) over `names`; `undefined` when no name has a weight above 0. */
  static of(value: unknown, names: readonly string[]): WeightTable | undefined {
    const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    const weights = names.map((name) => {
      const weight = Object.hasOwn(record, name) ? record[name] : 0;
      return typeof weight === 'number' && Number.isFinite(weight) && weight > 0 ? weight : 0;
    });
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    return total > 0 ? new WeightTable(names, weights, total) : undefined;
  }

  /**
   * The next name by smooth weighted round robin: over any `total` consecutive picks (for integer
   * weights) each name is chosen exactly its weight times, interleaved — `{ a: 80, b: 20 }` gives
   * `b` every fifth pick.
   */
  next(): string {
    let best = 0;
    for (let i = 0; i < this.weights.length; i++) {
      this.scores[i] += this.weights[i];
      if (this.scores[i] > this.scores[best]) best = i;
    }
    this.scores[best] -= this.total;
    return this.names[best];
  }

  /** The name at `fraction` (in [0, 1)) of the cumulative weights: a random pick given a random fraction. */
  at(fraction: number): string {
    let remaining = fraction * this.total;
    for (let i = 0; i < this.weights.length; i++) {
      remaining -= this.weights[i];
      if (remaining < 0) return this.names[i];
    }
    // Rounding can leave a sliver past the end: it belongs to the last name with a weight.
    let last = this.weights.length - 1;
    while (this.weights[last] === 0) last--;
    return this.names[last];
  }
}
