import assert from 'node:assert/strict';
import type { ConfigSnapshot } from '@config-center/core/source-kit';
import { valueAt, type ConformanceRun } from './conformance-run';

/** What was written before the source existed is in the tree its first load yields, and in the section over it. */
export async function checkInitialLoad(run: ConformanceRun): Promise<void> {
  await run.harness.write('initial.greeting', 'hello');
  await run.harness.write('initial.count', '3');
  const store = await run.open();
  assert.deepEqual(run.valueAt('initial'), { greeting: 'hello', count: '3' }, 'the first load misses what was written before it');
  assert.deepEqual({ ...run.section(run.sections.initial) }, { greeting: 'hello', count: 3 }, 'the section misreads the first load');
  assert.equal(store.status().sources[0]?.state, 'connected');
}

/**
 * A write reaches the store through `watch()` as one swap, the section over it in the same swap,
 * and leaves its siblings alone — the first one made right after the watch starts (nothing falls
 * between `load()` and `watch()`), the second once the watch is surely live.
 */
export async function checkUpdate(run: ConformanceRun): Promise<void> {
  await run.harness.writeBatch({ 'update.value': '1', 'update.sibling': 'kept' });
  const store = await run.openWatching();
  const version = store.current.version;
  const changes = run.recordChanges();
  const snapshots = run.recordSnapshots();
  for (const value of ['2', '3']) {
    await run.harness.write('update.value', value);
    await run.waitFor(`update.value to be updated to ${value}`, () => run.valueAt('update.value') === value);
  }
  assert.equal(changes.length, 2, `two writes were applied as ${changes.length} swaps`);
  assert.deepEqual(
    changes.map((change) => change.changedPaths),
    [['update.value'], ['update.value']],
  );
  assert.equal(store.current.version, version + 2);
  assert.deepEqual({ ...run.section(run.sections.update) }, { value: 3, sibling: 'kept' });
  const agrees = (snapshot: ConfigSnapshot) => {
    const section = run.sectionIn(snapshot, run.sections.update);
    return valueAt(snapshot.tree, 'update.sibling') === 'kept' && section.value === Number(valueAt(snapshot.tree, 'update.value'));
  };
  assertEvery(
    snapshots,
    agrees,
    'a served version lost update.sibling, or its section disagrees with its tree, while update.value changed',
  );
}

/** A removal reaches the store through `watch()` and removes exactly that path, from the section too. */
export async function checkDelete(run: ConformanceRun): Promise<void> {
  await run.harness.writeBatch({ 'remove.gone': '1', 'remove.kept': '2' });
  await run.openWatching();
  await run.warmUp();
  const changes = run.recordChanges();
  await run.harness.remove('remove.gone');
  await run.waitFor('remove.gone to be removed', () => run.valueAt('remove.gone') === undefined);
  assert.equal(run.valueAt('remove.kept'), '2', 'removing remove.gone changed remove.kept');
  assert.equal(changes.length, 1, `one removal was applied as ${changes.length} swaps`);
  assert.deepEqual(changes[0]?.changedPaths, ['remove.gone']);
  assert.deepEqual({ ...run.section(run.sections.remove) }, { kept: 2 }, 'the section still holds remove.gone');
}

const BATCH_PATHS = ['batch.a', 'batch.b', 'batch.c', 'batch.d'];

/**
 * A multi-key batch written as one backend unit arrives as one batch, is applied as one swap, and
 * no reader — of any published version, or polling the store meanwhile, of the tree or the
 * section over it — sees part of it.
 */
export async function checkBatch(run: ConformanceRun): Promise<void> {
  await run.harness.writeBatch(Object.fromEntries(BATCH_PATHS.map((path) => [path, '1'])));
  const store = await run.openWatching();
  await run.warmUp();
  const version = store.current.version;
  const changes = run.recordChanges();
  const snapshots = run.recordSnapshots();
  const reader = pollingReader(() => store.current);
  try {
    await nextTurn();
    await run.harness.writeBatch(Object.fromEntries(BATCH_PATHS.map((path) => [path, '2'])));
    await run.waitFor('the whole batch to be applied', () => BATCH_PATHS.every((path) => run.valueAt(path) === '2'));
    await nextTurn();
  } finally {
    reader.stop();
  }
  assert.equal(changes.length, 1, `one batch was applied as ${changes.length} swaps`);
  assert.equal(store.current.version, version + 1);
  assert.deepEqual([...(changes[0]?.changedPaths ?? [])].sort(), BATCH_PATHS);
  assert.ok(reader.snapshots.length >= 2, 'the concurrent reader did not read both before and after the batch');
  const whole = (snapshot: ConfigSnapshot) => {
    const section = run.sectionIn(snapshot, run.sections.batch);
    const values = [...BATCH_PATHS.map((path) => Number(valueAt(snapshot.tree, path))), section.a, section.b, section.c, section.d];
    return new Set(values).size === 1;
  };
  assertEvery(snapshots, whole, 'a published version holds part of the batch');
  assertEvery(reader.snapshots, whole, 'a concurrent reader saw part of the batch');
}

/** Fails with `message` (and the index of the first offending version) unless every snapshot passes. */
export function assertEvery(snapshots: readonly ConfigSnapshot[], ok: (snapshot: ConfigSnapshot) => boolean, message: string): void {
  const index = snapshots.findIndex((snapshot) => !ok(snapshot));
  assert.equal(index, -1, `${message} (version #${index} of ${snapshots.length})`);
}

/** Resolves after the immediates already queued (the polling reader's next read) have run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Reads the store on every turn of the event loop, as request handlers would, until stopped. */
function pollingReader(read: () => ConfigSnapshot): { snapshots: ConfigSnapshot[]; stop(): void } {
  const snapshots: ConfigSnapshot[] = [];
  let immediate: NodeJS.Immediate | undefined;
  const tick = () => {
    snapshots.push(read());
    immediate = setImmediate(tick);
  };
  immediate = setImmediate(tick);
  return { snapshots, stop: () => clearImmediate(immediate) };
}
