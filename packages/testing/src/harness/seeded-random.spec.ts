import { SeededRandom, TEST_SEED_ENV } from './seeded-random';

describe('SeededRandom', () => {
  it('replays the same sequence from the same seed, and another from another seed', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 20 },
        (
          (random) => () =>
            random.next()
        )(new SeededRandom(seed)),
      );
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42).every((n) => n >= 0 && n < 1)).toBe(true);
  });

  it('spreads int() over its whole range', () => {
    const random = new SeededRandom(7);
    const seen = new Set(Array.from({ length: 400 }, () => random.int(10)));
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it(`takes its seed from ${TEST_SEED_ENV} when set, and rejects one that is not a 32-bit unsigned integer`, () => {
    expect(SeededRandom.fromEnv({ [TEST_SEED_ENV]: '1234' }).seed).toBe(1234);
    expect(SeededRandom.fromEnv({}).seed).toBeGreaterThanOrEqual(0);
    expect(() => SeededRandom.fromEnv({ [TEST_SEED_ENV]: 'abc' })).toThrow(TEST_SEED_ENV);
    expect(() => SeededRandom.fromEnv({ [TEST_SEED_ENV]: String(2 ** 32) })).toThrow(TEST_SEED_ENV);
  });
});
