import assert from 'node:assert/strict';
import type { ConformanceRun } from './conformance-run';

/** A value no source may quote in an error: the text of the unreadable key of the held-back check. */
const UNREADABLE_TEXT = '{"v": UNREADABLE';

/**
 * Keys mapped to one path (`collide`, `collide.json`, `collide.yaml`) make the tree of the last in
 * key order (`collide.yaml`), whatever order they were written in: the tree is a function of the
 * key set. Written out of key order before the load; with a watch, a key earlier in key order
 * written afterwards must not win either.
 */
export async function checkSamePathKeys(run: ConformanceRun, watches: boolean): Promise<void> {
  const writeKey = run.harness.writeKey?.bind(run.harness);
  assert.ok(writeKey, 'the same-path check needs a harness with writeKey(key, text)');
  await writeKey('collide.yaml', 'from: yaml');
  await writeKey('collide', 'plain');
  await (watches ? run.openWatching() : run.open());
  assert.deepEqual(run.valueAt('collide'), { from: 'yaml' }, 'of keys mapped to one path, the last in key order must win at load');
  if (!watches) return;
  await writeKey('collide.json', '{"from":"json"}');
  await writeKey('collided/after', '1');
  await run.waitFor('the write after collide.json to be applied', () => run.valueAt('collided.after') === '1');
  assert.deepEqual(
    run.valueAt('collide'),
    { from: 'yaml' },
    'a key written later but earlier in key order (collide.json) must not win over collide.yaml',
  );
}

/**
 * A batch (one backend unit) holding a key that cannot be read and a readable one is held back
 * whole: reported as one error naming the key and never its value, neither key applied; the
 * readable key comes with the next batch while the unreadable one keeps its last good value; once
 * fixed, the key applies.
 */
export async function checkHeldBackBatch(run: ConformanceRun): Promise<void> {
  const writeKeys = run.harness.writeKeys?.bind(run.harness);
  assert.ok(writeKeys, 'the held-back check needs a harness with writeKeys(entries): raw keys written as one backend unit');
  await writeKeys({ 'held/ok': '1', 'held/doc.json': '{"v":"1"}' });
  const store = await run.openWatching();
  await run.warmUp();
  const rejected = () => store.status().sources[0]?.rejectedUpdates ?? 0;
  const before = rejected();
  await writeKeys({ 'held/ok': '2', 'held/doc.json': UNREADABLE_TEXT });
  await run.waitFor('the batch with an unreadable key to be reported', () => rejected() > before);
  const message = store.status().sources[0]?.lastError?.message ?? '';
  assert.deepEqual(run.valueAt('held'), { ok: '1', doc: { v: '1' } }, 'a batch with an unreadable key must be held back whole');
  assert.match(message, /held\/doc\.json/, 'the error of a held-back batch names the unreadable key');
  assert.ok(!message.includes('UNREADABLE'), 'the error of a held-back batch must not quote the value');
  await writeKeys({ 'held/next': '1' });
  await run.waitFor('the next batch to be applied', () => run.valueAt('held.next') === '1');
  assert.deepEqual(
    run.valueAt('held'),
    { ok: '2', doc: { v: '1' }, next: '1' },
    'the readable keys of a held-back batch come with the next batch, the unreadable key keeping its last good value',
  );
  assert.equal(rejected(), before + 1, 'a held-back batch is reported as one error');
  await writeKeys({ 'held/doc.json': '{"v":"3"}' });
  await run.waitFor('the fixed key to be applied', () => run.valueAt('held.doc.v') === '3');
}

/**
 * For a source without a watch, the half of the held-back rule it can show: at a fresh load an
 * unreadable key is left out and reported once, never quoting the value, and the readable keys load.
 */
export async function checkUnreadableAtLoad(run: ConformanceRun): Promise<void> {
  const writeKey = run.harness.writeKey?.bind(run.harness);
  assert.ok(writeKey, 'the unreadable-key check needs a harness with writeKey(key, text)');
  await writeKey('held/ok', '1');
  await writeKey('held/doc.json', UNREADABLE_TEXT);
  const store = await run.open();
  const status = store.status().sources[0];
  assert.deepEqual(run.valueAt('held'), { ok: '1' }, 'at a fresh load an unreadable key is left out and the readable ones load');
  assert.equal(status?.rejectedUpdates, 1, 'an unreadable key is reported once at load');
  assert.ok(!(status?.lastError?.message ?? '').includes('UNREADABLE'), 'the report must not quote the value');
}
