import { createHmac, randomBytes } from 'node:crypto';

/**
 * This run's key: a short hash under it is equal for equal inputs within one run, and cannot be
 * looked up or brute-forced back into a short secret (a 6-digit value, a PIN) by whoever reads it.
 */
const RUN_KEY = randomBytes(32);

/** Hex digits of a content hash printed under the operators' key: 64 bits, enough to tell versions apart. */
const KEYED_LENGTH = 16;

/** A value's short hash in this run (8 hex digits): what `diff` shows instead of a value. */
export function runHash(text: string): string {
  return createHmac('sha256', RUN_KEY).update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * How a content hash is printed (publish, rollback, history, show, `changedOutside`), never as it
 * is stored: the stored `sha256:` of the content is unkeyed, and a content with one short secret
 * could be recovered from it by trying every value. With `hashKey` (`CONFIG_CENTER_HASH_KEY`, a
 * secret only the operators have) it is `hmac:` and 16 hex digits of an HMAC-SHA256 under that key,
 * the same in every run; without, `#` and this run's short hash, equal only within one run.
 */
export function printedHash(stored: string, hashKey: string | undefined): string {
  if (!hashKey) return `#${runHash(stored)}`;
  return `hmac:${createHmac('sha256', hashKey).update(stored, 'utf8').digest('hex').slice(0, KEYED_LENGTH)}`;
}
