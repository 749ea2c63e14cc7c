/** The environment variable that fixes the seed of every `SeededRandom` made without one. */
export const TEST_SEED_ENV = 'CONFIG_CENTER_TEST_SEED';

/**
 * A small, fast, seeded pseudo-random generator (mulberry32) for randomised tests: the same seed
 * replays the same choices, so a failure found once can be run again. Put `seed` in the test's
 * title or failure message; `CONFIG_CENTER_TEST_SEED=<seed>` replays it.
 *
 * @example
 * ```ts
 * const random = SeededRandom.fromEnv();
 * it(`converges through random outages (seed ${random.seed})`, async () => {
 *   const key = random.pick(['a', 'b/c', 'd.json']);
 *   await sleep(random.int(100));
 * });
 * ```
 */
export class SeededRandom {
  private state: number;

  /** `seed` is taken as an unsigned 32-bit integer. */
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * A generator seeded from `CONFIG_CENTER_TEST_SEED` when it is set, else from a fresh random
   * seed; throws when the variable is set but is not an unsigned 32-bit integer.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SeededRandom {
    const text = env[TEST_SEED_ENV];
    if (text === undefined || text === '') return new SeededRandom(Math.floor(Math.random() * 2 ** 32));
    const seed = Number(text);
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`${TEST_SEED_ENV} must be an integer from 0 to 2^32-1`);
    return new SeededRandom(seed);
  }

  /** The next number in [0, 1), as `Math.random()` gives. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  /** An integer in [0, `below`). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}
