import assert from 'node:assert/strict';
import type { ConfigSource } from '@config-center/core';
import { countActiveResources, waitForResourcesReleased } from './active-resources';
import { valueAt, type ConformanceRun } from './conformance-run';

/**
 * After a disconnect the source notices it (its state leaves `connected`), and after the reconnect
 * every write made meanwhile — sets, a new key, a removal — is applied, to the section over them
 * too, nothing goes backwards, and the watch is live again.
 */
export async function checkResume(run: ConformanceRun): Promise<void> {
  const { harness } = run;
  if (!harness.disconnect || !harness.reconnect) {
    throw run.failure('the kit runs with resume: true but the harness has no disconnect() and reconnect()');
  }
  await harness.writeBatch({ 'resume.value': '1', 'resume.doomed': 'x' });
  await run.openWatching();
  const snapshots = run.recordSnapshots();
  await harness.write('resume.value', '2');
  await run.waitFor('resume.value to be updated before the disconnect', () => run.valueAt('resume.value') === '2');
  await harness.disconnect();
  await run.waitFor('the source to report the disconnect', (store) => store.status().sources[0]?.state !== 'connected');
  await harness.write('resume.value', '3');
  await harness.write('resume.added', 'while disconnected');
  await harness.remove('resume.doomed');
  await harness.reconnect();
  await run.waitFor(
    'the writes made while disconnected to be applied',
    () => run.valueAt('resume.value') === '3' && run.valueAt('resume.added') !== undefined && run.valueAt('resume.doomed') === undefined,
  );
  assert.equal(run.valueAt('resume.added'), 'while disconnected');
  await harness.write('resume.value', '4');
  await run.waitFor('resume.value to be updated after the reconnect', () => run.valueAt('resume.value') === '4');
  await run.waitFor('the source to be connected again', (store) => store.status().sources[0]?.state === 'connected');
  assert.deepEqual({ ...run.section(run.sections.resume) }, { value: 4, added: 'while disconnected' });
  const seen = snapshots.flatMap((snapshot) => [
    Number(valueAt(snapshot.tree, 'resume.value')),
    run.sectionIn(snapshot, run.sections.resume).value,
  ]);
  const backwards = seen.findIndex((value, i) => i > 0 && value < seen[i - 1]);
  assert.equal(backwards, -1, `resume.value went backwards at version #${Math.floor(backwards / 2)} of ${snapshots.length}`);
}

/**
 * `close()` releases everything: the observable `watch()` returned completes (so nothing is emitted
 * after it), and the process holds no more active handles than before the source was created.
 */
export async function checkClose(run: ConformanceRun, watches: boolean): Promise<void> {
  await run.harness.write('close.value', '1');
  const baseline = countActiveResources();
  await run.openWatching();
  const direct = watches ? watchDirectly(run, run.source) : undefined;
  if (watches) await run.warmUp();
  await run.close();
  if (direct) {
    await run.within('the observable of watch() to complete after close()', direct.ended);
    const emitted = direct.events();
    await run.harness.write('close.value', '2');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(direct.events(), emitted, 'the source emitted after close()');
  }
  const extra = await waitForResourcesReleased(baseline, run.timeoutMs);
  assert.deepEqual(extra, [], `active handles left after close(): ${extra.join(', ')}`);
}

/** Subscribes to `watch()` beside the store; `ended` settles when the observable completes or errors. */
function watchDirectly(run: ConformanceRun, source: ConfigSource): { ended: Promise<void>; events(): number } {
  let events = 0;
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const watch = source.watch;
  if (!watch) throw run.failure('watch() is missing; run the kit with watch: false for a load-only source');
  run.track(watch.call(source).subscribe({ next: () => events++, error: end, complete: end }));
  return { ended, events: () => events };
}
