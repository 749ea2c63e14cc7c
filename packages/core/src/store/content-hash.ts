import { createHash, createHmac } from 'node:crypto';
import type { ConfigTree } from '../interfaces/config-source.interface';

/** Hex digits of the digest a content hash keeps: 64 bits, enough to tell versions apart at a glance. */
const HASH_LENGTH = 16;

/**
 * The content hash of a merged tree: the same content gives the same hash in every process and
 * after every restart, whatever order its keys came in, so a dashboard can tell which instances
 * serve the same config. It is a sha256 Merkle hash over the canonical JSON form (keys sorted):
 * each object and array is hashed once from its children's text or digests, and since snapshots
 * share every untouched frozen subtree, hashing a later snapshot re-hashes only the paths changed
 * since. The status shows its first 16 hex digits, computed when it is read: an apply does not pay
 * for a hash nobody asks for.
 *
 * Without a key it is a plain hash of the content, as instances must agree on it with nothing
 * shared between them: whoever reads it and knows every other value could test guesses of a short
 * secret offline. With `key` (the same on every instance) it is an HMAC, which tells an outsider no
 * more than a revision number does.
 */
export class ContentHasher {
  private readonly digests = new WeakMap<object, string>();

  constructor(private readonly key?: string) {}

  /** The hash of `tree`, 16 hex digits. */
  hash(tree: ConfigTree): string {
    return this.digestOf(tree).slice(0, HASH_LENGTH);
  }

  private digestOf(node: object): string {
    const known = this.digests.get(node);
    if (known) return known;
    const text = Array.isArray(node)
      ? `[${node.map((item) => this.encode(item)).join(',')}]`
      : `{${Object.keys(node)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${this.encode((node as ConfigTree)[key])}`)
          .join(',')}}`;
    const digest = (this.key === undefined ? createHash('sha256') : createHmac('sha256', this.key)).update(text).digest('hex');
    if (this.unchanging(node)) this.digests.set(node, digest);
    return digest;
  }

  /**
   * A frozen node whose objects are all kept never changes: its digest is kept for the next
   * snapshots that share it. A frozen node over a mutable one (a source may hand one over frozen
   * only at the top) is hashed again each time.
   */
  private unchanging(node: object): boolean {
    if (!Object.isFrozen(node)) return false;
    for (const value of Object.values(node)) if (typeof value === 'object' && value !== null && !this.digests.has(value)) return false;
    return true;
  }

  /** A scalar as its JSON text; an object or array as `#` and its digest, which no JSON text starts with. */
  private encode(value: unknown): string {
    return typeof value === 'object' && value !== null ? `#${this.digestOf(value)}` : String(JSON.stringify(value));
  }
}
