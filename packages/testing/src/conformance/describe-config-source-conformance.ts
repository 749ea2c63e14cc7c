import type { ConfigSourceConformanceOptions, ConfigSourceHarnessFactory } from './config-source-harness.interface';
import { ConformanceRun } from './conformance-run';
import { CONFORMANCE_SECTIONS, type ConformanceSectionKind } from './conformance-sections';
import { checkKeyMapping } from './key-mapping-checks';
import { checkHeldBackBatch, checkSamePathKeys, checkUnreadableAtLoad } from './key-rule-checks';
import { checkClose, checkResume } from './lifecycle-checks';
import { checkBatch, checkDelete, checkInitialLoad, checkUpdate } from './watch-checks';

/** The test-runner globals the kit registers its checks with. */
interface TestGlobals {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  beforeEach(body: () => Promise<void>, timeoutMs?: number): void;
  afterEach(body: () => Promise<void>, timeoutMs?: number): void;
}

/**
 * Registers the source conformance checks — the behaviour every `ConfigSource` owes the core — as
 * a `describe` block of `it` cases, run against the source a harness creates. Each check gets a
 * fresh harness from `createHarness`, drives a real store over the source through its narrow
 * `ConfigStorePort` (load, start watching, close: what `ConfigCenterModule` does) and disposes of
 * the harness afterwards.
 *
 * Checks: the first load sees earlier writes; with `keyMapping`, raw keys map as the core's
 * `KeyMapper` maps them (a key-value source: etcd, Consul, env, a directory mount), unmappable
 * ones left out and reported, of keys on one path the last in key order wins, and a batch with an
 * unreadable key is held back whole (its readable keys come with the next batch; without a watch,
 * the load half: the key left out and reported); a write and a removal arrive through `watch()` as
 * one swap each; a multi-key `writeBatch` is applied as ONE swap that no reader sees half of;
 * with `resume`, writes made while disconnected are applied after the reconnect; `close()` ends
 * the watch and leaves no active handle (`process.getActiveResourcesInfo()`). The store binds
 * sections over the paths the checks write, and every check reads them too: once with
 * `@ConfigSection` classes, once with zod `defineSection` schemas (`sectionKinds`).
 *
 * Call it at the top level of a test file. It needs a runner with Jest-compatible globals
 * (`describe`, `it`, `beforeEach`, `afterEach`): Jest, or Vitest with `globals: true`.
 *
 * @example
 * ```ts
 * describeConfigSourceConformance('EtcdConfigSource', () => new EtcdHarness(server), { resume: true, timeoutMs: 10_000 });
 * ```
 */
export function describeConfigSourceConformance(
  title: string,
  createHarness: ConfigSourceHarnessFactory,
  options: ConfigSourceConformanceOptions = {},
): void {
  const { describe } = testGlobals();
  const kinds = options.sectionKinds ?? SECTION_KINDS;
  if (!kinds.length) throw new Error('describeConfigSourceConformance: sectionKinds names no kind of section to run the checks with');
  describe(`${title} conformance`, () => {
    for (const kind of kinds) describeChecks(createHarness, options, kind);
  });
}

const SECTION_KINDS: readonly ConformanceSectionKind[] = ['class', 'schema'];
const KIND_TITLES: Record<ConformanceSectionKind, string> = { class: 'with class sections', schema: 'with zod schema sections' };

/** Every check, as one `describe` block whose store binds the kit's sections of `kind`. */
function describeChecks(createHarness: ConfigSourceHarnessFactory, options: ConfigSourceConformanceOptions, kind: ConformanceSectionKind) {
  const { describe, it, beforeEach, afterEach } = testGlobals();
  const waitMs = options.timeoutMs ?? 5000;
  const testMs = waitMs * 4;
  const watches = options.watch ?? true;
  describe(KIND_TITLES[kind], () => {
    let run: ConformanceRun | undefined;
    const check = (body: (run: ConformanceRun) => Promise<void>) => () => body(run as ConformanceRun);
    beforeEach(async () => {
      run = await ConformanceRun.start(createHarness, waitMs, CONFORMANCE_SECTIONS[kind]);
    }, testMs);
    afterEach(async () => {
      await run?.end();
      run = undefined;
    }, testMs);

    it('loads what was written before the source was created', check(checkInitialLoad), testMs);
    if (options.keyMapping) {
      it('maps keys as the core key mapper does, leaving out and reporting the unmappable ones', check(checkKeyMapping), testMs);
      it(
        'of keys mapped to one path, applies the last in key order, whatever the order of the writes',
        check((r) => checkSamePathKeys(r, watches)),
        testMs,
      );
      if (watches) {
        it(
          'holds back a batch with an unreadable key whole; its readable keys come with the next batch',
          check(checkHeldBackBatch),
          testMs,
        );
      } else {
        it(
          'leaves an unreadable key out of the load and reports it (no watch: no later batch to hold back)',
          check(checkUnreadableAtLoad),
          testMs,
        );
      }
    }
    if (watches) {
      it('delivers a write through watch() as one swap', check(checkUpdate), testMs);
      it('delivers a removal through watch()', check(checkDelete), testMs);
      it('applies a multi-key batch as one swap that no reader sees half of', check(checkBatch), testMs);
    }
    if (options.resume) {
      it('applies the writes made while disconnected after the reconnect', check(checkResume), testMs);
    }
    it(
      'releases every handle on close() and emits nothing after it',
      check((r) => checkClose(r, watches)),
      testMs,
    );
  });
}

function testGlobals(): TestGlobals {
  const globals = globalThis as Partial<TestGlobals>;
  const missing = (['describe', 'it', 'beforeEach', 'afterEach'] as const).filter((name) => typeof globals[name] !== 'function');
  if (missing.length) {
    throw new Error(`describeConfigSourceConformance needs a test runner with Jest-compatible globals; missing: ${missing.join(', ')}`);
  }
  return globals as TestGlobals;
}
