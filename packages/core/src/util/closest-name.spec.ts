import { closestName, editDistance } from './closest-name';

describe('closestName: what a mistyped key most likely meant', () => {
  const names = ['rateLimit', 'pool', 'featureFlags', 'db'];

  it('prefers a name equal but for case', () => {
    expect(closestName('ratelimit', names)).toBe('rateLimit');
    expect(closestName('RATELIMIT', ['ratelimt', 'rateLimit'])).toBe('rateLimit');
  });

  it('takes the nearest name within two edits: insertion, deletion, substitution, neighbour swap', () => {
    expect(closestName('rateLimt', names)).toBe('rateLimit');
    expect(closestName('pools', names)).toBe('pool');
    expect(closestName('featrueFlags', names)).toBe('featureFlags');
    expect(closestName('poal', ['paal', 'pool'])).toBe('paal');
    expect(closestName('poolx', ['poolxyz', 'pool'])).toBe('pool');
  });

  it('offers nothing farther than two edits, nothing for a key as short as the edits, and not the key itself', () => {
    expect(closestName('rtLmt', names)).toBeUndefined();
    expect(closestName('x', ['db'])).toBeUndefined();
    expect(closestName('legacy', ['legacy'])).toBeUndefined();
    expect(closestName('anything', [])).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
