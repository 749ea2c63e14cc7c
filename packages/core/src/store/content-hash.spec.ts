import { createHash } from 'node:crypto';
import { deepFreeze, setAt } from '../tree/tree-ops';
import { ContentHasher } from './content-hash';

describe('ContentHasher', () => {
  const tree = deepFreeze({ rateLimit: { limit: 5, ttlMs: 1000 }, hosts: ['a', 'b'], name: 'orders', off: false, none: null });

  it('is 16 hex digits, the same in every process: pinned to a literal', () => {
    // A literal, not a second computation: a change of the scheme would split a fleet's hashes on upgrade.
    expect(new ContentHasher().hash({})).toBe(createHash('sha256').update('{}').digest('hex').slice(0, 16));
    expect(new ContentHasher().hash(tree)).toMatch(/^[0-9a-f]{16}$/);
    expect(new ContentHasher().hash(tree)).toBe(PINNED);
  });

  it('does not depend on the order keys came in', () => {
    const reordered = { none: null, off: false, name: 'orders', hosts: ['a', 'b'], rateLimit: { ttlMs: 1000, limit: 5 } };
    expect(new ContentHasher().hash(reordered)).toBe(new ContentHasher().hash(tree));
  });

  it.each([
    ['a value', { ...tree, name: 'billing' }],
    ['a number as text', { ...tree, rateLimit: { limit: '5', ttlMs: 1000 } }],
    ['the order of an array', { ...tree, hosts: ['b', 'a'] }],
    ['an object for an array', { ...tree, hosts: { 0: 'a', 1: 'b' } }],
    ['a key moved down a level', { ...tree, rateLimit: { limit: 5 }, ttlMs: 1000 }],
    ['a string that looks like a digest', { ...tree, hosts: ['a', `#${'0'.repeat(64)}`] }],
  ])('changes with %s', (_, changed) => {
    expect(new ContentHasher().hash(changed)).not.toBe(new ContentHasher().hash(tree));
  });

  it('re-hashes only the changed path of a tree that shares the rest, with the same result as from scratch', () => {
    const hasher = new ContentHasher();
    hasher.hash(tree);
    const next = setAt(tree, ['rateLimit', 'limit'], 6);
    expect(hasher.hash(next)).toBe(new ContentHasher().hash(structuredClone(next)));
    expect(hasher.hash(next)).not.toBe(hasher.hash(tree));
    expect(hasher.hash(setAt(next, ['rateLimit', 'limit'], 5))).toBe(hasher.hash(tree));
  });

  it('keeps no digest of a frozen node over a mutable one: a later change of it is hashed', () => {
    const hasher = new ContentHasher();
    const db = { host: 'a' };
    const shallow = Object.freeze({ db });
    const before = hasher.hash(shallow);
    db.host = 'b';
    expect(hasher.hash(shallow)).not.toBe(before);
    expect(hasher.hash(shallow)).toBe(new ContentHasher().hash({ db: { host: 'b' } }));
  });

  it('is an HMAC with a key: agreeing between instances with the key, differing from the plain hash', () => {
    expect(new ContentHasher('k1').hash(tree)).toBe(new ContentHasher('k1').hash(structuredClone(tree)));
    expect(new ContentHasher('k1').hash(tree)).not.toBe(new ContentHasher().hash(tree));
    expect(new ContentHasher('k1').hash(tree)).not.toBe(new ContentHasher('k2').hash(tree));
  });
});

/** The hash of `tree` above, as this scheme made it when it shipped. */
const PINNED = '67ca19648b2fa642';
