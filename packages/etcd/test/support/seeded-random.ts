/**
 * A small seeded PRNG (mulberry32) for the model-based fuzz: the same seed gives the same run, so
 * a failure found once is found again with `FUZZ_SEED=<seed>`.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** One element of `items`, each drawn with its weight. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    let left = this.next() * items.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, item] of items) if ((left -= weight) < 0) return item;
    return items[items.length - 1][1];
  }
}

/**
 * The seeds to run: `FUZZ_SEED` (one number, or several separated by commas) when set, else
 * `defaults`.
 */
export function fuzzSeeds(defaults: readonly number[]): number[] {
  const given = process.env.FUZZ_SEED;
  if (!given) return [...defaults];
  const seeds = given.split(',').map((text) => Number(text.trim()));
  if (seeds.some((seed) => !Number.isInteger(seed))) throw new Error('FUZZ_SEED must be an integer or a comma-separated list of them');
  return seeds;
}
