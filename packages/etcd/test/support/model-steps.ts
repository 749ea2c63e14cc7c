import type { Etcd3 } from 'etcd3';
import type { KeyWrite } from './etcd-source-model';
import type { SeededRandom } from './seeded-random';

/** One step of a fuzz run: the writes of one etcd revision (one put or delete, or a transaction). */
export interface ModelStep {
  readonly label: string;
  readonly writes: readonly KeyWrite[];
}

/** Bytes that are not UTF-8 (`ok` and half a character). */
export const NOT_UTF8 = Buffer.from([0x6f, 0x6b, 0xc3]);

/** What the app holds before the first step: every key readable and every section valid. */
export const INITIAL_KEYS: readonly KeyWrite[] = [
  { key: 'rate/limit', value: '5' },
  { key: 'feat.json', value: '{"on":true,"level":1}' },
  { key: 'misc', value: 'x' },
  { key: 'misc/b/c', value: '1' },
];

type Draw = (random: SeededRandom) => KeyWrite;
const put =
  (key: string, value: (random: SeededRandom) => string | Buffer): Draw =>
  (random) => ({ key, value: value(random) });
const remove =
  (key: string): Draw =>
  () => ({ key, value: undefined });
const digit = (random: SeededRandom) => String(random.int(10));
const negative = (random: SeededRandom) => String(-1 - random.int(3));

/**
 * The writes a step draws from, with weights: valid and invalid values of each section, nested
 * keys that overlap (`misc` and `misc/b/c`), a `.json` document and a key that overlays it,
 * deletes, bytes that are not UTF-8 and a malformed document.
 */
const DRAWS: readonly (readonly [number, Draw])[] = [
  [4, put('rate/limit', digit)],
  [3, put('rate/limit', negative)],
  [1, remove('rate/limit')],
  [2, put('feat.json', (r) => JSON.stringify({ on: r.next() < 0.5, level: r.int(4) }))],
  [1, put('feat.json', () => '{"on":true,"level":-1}')],
  [1, put('feat.json', () => '{"on": tru')],
  [1, remove('feat.json')],
  [2, put('feat/level', digit)],
  [1, put('feat/level', negative)],
  [1, remove('feat/level')],
  [3, put('misc/a', (r) => (r.next() < 0.7 ? digit(r) : JSON.stringify({ k: r.int(3) })))],
  [1, put('misc/a', () => NOT_UTF8)],
  [1, remove('misc/a')],
  [2, put('misc/b/c', digit)],
  [2, put('misc/b/c', () => NOT_UTF8)],
  [1, remove('misc/b/c')],
  [1, put('misc', (r) => r.pick(['x', 'y']))],
  [1, remove('misc')],
];

/** A random step: one write, or a transaction of two or three writes of distinct keys. */
export function randomStep(random: SeededRandom): ModelStep {
  const size = random.next() < 0.7 ? 1 : 2 + random.int(2);
  const writes: KeyWrite[] = [];
  while (writes.length < size) {
    const write = random.weighted(DRAWS)(random);
    if (!writes.some((w) => w.key === write.key)) writes.push(write);
  }
  return step(...writes);
}

/**
 * A transaction that makes every section valid again (an unreadable key is left as it is): after
 * it, nothing may stay quarantined or pending, and a restart must load.
 */
export function repairStep(): ModelStep {
  return step(
    { key: 'rate/limit', value: '1' },
    { key: 'feat.json', value: '{"on":true,"level":1}' },
    { key: 'feat/level', value: undefined },
    { key: 'misc/a', value: '1' },
  );
}

/** A step of the given writes, labelled for a failure message. */
export function step(...writes: KeyWrite[]): ModelStep {
  const labels = writes.map(({ key, value }) =>
    value === undefined ? `delete ${key}` : `put ${key}=${Buffer.isBuffer(value) ? '<not UTF-8>' : value}`,
  );
  return { label: writes.length > 1 ? `txn { ${labels.join(', ')} }` : labels[0], writes };
}

/** Writes a step under `prefix` as one etcd revision; resolves with the revision etcd answered with. */
export async function writeStep(client: Etcd3, prefix: string, { writes }: ModelStep): Promise<number> {
  const op = ({ key, value }: KeyWrite) =>
    value === undefined ? client.delete().key(`${prefix}${key}`) : client.put(`${prefix}${key}`).value(value);
  if (writes.length === 1) return Number((await op(writes[0]).exec()).header.revision);
  const response = await client
    .if(`${prefix}${writes[0].key}`, 'Version', '>', -1)
    .then(...writes.map(op))
    .commit();
  return Number(response.header.revision);
}
