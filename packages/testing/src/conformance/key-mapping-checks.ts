import assert from 'node:assert/strict';
import { KeyMapper } from '@config-center/core/source-kit';
import type { ConfigSourceHarness } from './config-source-harness.interface';
import type { ConformanceRun } from './conformance-run';

/**
 * Keys every key-value source must map alike (DESIGN §4): nesting, a document and the keys that
 * overlay it, text values, a JSON object, and keys that must be left out — forbidden segments, an
 * empty one, one too deep — without stopping the others. Each unmappable case can be spelled by
 * some backend that cannot spell another (env has no `__proto__`, a mount no empty segment).
 */
export const KEY_MAPPING_CASES: Readonly<Record<string, string>> = {
  'rateLimit/limit': '5',
  'rateLimit/ratio': '1.10',
  'db.json': '{"host":"db","port":5432}',
  'db/port': '6543',
  'flags/beta': 'true',
  'routes/greeting': '{"v1":80,"v2":20}',
  'text/zip': '007',
  'bad/__proto__/x': '1',
  'bad/constructor/x': '1',
  'bad//empty': '1',
  [`deep/${Array.from({ length: 40 }, () => 'd').join('/')}`]: '1',
};

/**
 * The same keys give the same tree from every key-value source: the tree the core's `KeyMapper`
 * builds from them, each unmappable key left out and reported once (counted in `status()`, the
 * reason in `lastError`), the others served, and read through sections as their fields declare
 * (text stays text for a string field: `'1.10'`, `'007'`). Keys the harness declares its backend
 * cannot hold are not written and not expected.
 */
export async function checkKeyMapping(run: ConformanceRun): Promise<void> {
  const writeKey = run.harness.writeKey?.bind(run.harness);
  assert.ok(writeKey, 'the key-mapping check needs a harness with writeKey(key, text)');
  const cases = heldCases(run.harness);
  for (const [key, text] of cases) await writeKey(key, text);
  const expected = new KeyMapper().map(cases);
  const store = await run.open();
  assert.deepEqual(store.current.tree, expected.tree, 'the loaded tree differs from the one the core key mapper builds');
  const { rateLimit, db, flags, text } = run.sections;
  assert.deepEqual(
    [rateLimit, db, flags, text].map((section) => ({ ...run.section<object>(section) })),
    [{ limit: 5, ratio: '1.10' }, { host: 'db', port: 6543 }, { beta: true }, { zip: '007' }],
    'the sections read the mapped keys wrongly',
  );
  const status = store.status().sources[0];
  assert.equal(status?.state, 'connected', 'a source with unmappable keys must still load the others');
  assert.equal(status?.rejectedUpdates, expected.problems.length, 'each unmappable key is reported once');
  assert.match(status?.lastError?.message ?? '', /forbidden key|empty segment|segments/, 'the last report names why a key was left out');
}

/**
 * The cases the harness's backend can hold. Declaring a mappable key unholdable, or every
 * unmappable one, would let a source pass without mapping or reporting them: the check refuses it.
 */
function heldCases(harness: ConfigSourceHarness): [string, string][] {
  const mapper = new KeyMapper();
  const cases = Object.entries(KEY_MAPPING_CASES);
  const held = cases.filter(([key]) => harness.canHoldKey?.(key) ?? true);
  const mappable = cases.filter(([key, text]) => mapper.valueOf(key, mapper.pathOf(key), text).problem === undefined);
  const dropped = mappable.filter((entry) => !held.includes(entry)).map(([key]) => key);
  assert.deepEqual(dropped, [], 'the harness declares keys the core key mapper maps as keys its backend cannot hold');
  assert.ok(held.length > mappable.length, 'the harness must hold at least one key the core key mapper leaves out');
  return held;
}
