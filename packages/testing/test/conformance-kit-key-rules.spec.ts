import type { LoadedConfig } from '@config-center/core';
import { KeyMapper } from '@config-center/core/source-kit';
import { CONFORMANCE_SECTIONS } from '../src/conformance/conformance-sections';
import { checkHeldBackBatch, checkSamePathKeys, checkUnreadableAtLoad } from '../src/conformance/key-rule-checks';
import { appliesReadableRest, lastWriteWins, rawKeyHarness, wholeReads, type RawKeyReading } from './support/raw-key-source';
import { runCheckWith } from './support/run-check';

/** A source over raw keys that loads them with `load` and delivers nothing after. */
const loadOnly = (load: RawKeyReading['load']) => (): RawKeyReading => ({ load, next: () => [] });

/** The kit's checks of the tree rule and the held-back rule pass a faithful source and fail broken ones. */
describe.each(['class', 'schema'] as const)('the conformance kit, key rules (%s sections)', (kind) => {
  const runCheck = runCheckWith.bind(undefined, CONFORMANCE_SECTIONS[kind]);

  it('passes a source that reads whole key sets by the core rules (WholeReadBatches): keys on one path, held-back batches', async () => {
    await expect(runCheck(rawKeyHarness(wholeReads), (run) => checkSamePathKeys(run, true))).resolves.toBeUndefined();
    await expect(runCheck(rawKeyHarness(wholeReads), checkHeldBackBatch)).resolves.toBeUndefined();
  });

  it('fails a source that refuses a key beside another on its path (the first in key order stays)', async () => {
    const firstWins = (keys: ReadonlyMap<string, string>): LoadedConfig => {
      const mapper = new KeyMapper();
      const paths = new Set<string>();
      const kept = [...keys]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .filter(([key, text]) => {
          const path = mapper.pathOf(key).path?.join('/');
          if (path === undefined || paths.has(path)) return false;
          return paths.add(path) && mapper.valueOf(key, mapper.pathOf(key), text).problem === undefined;
        });
      return { tree: mapper.map(kept).tree };
    };
    await expect(runCheck(rawKeyHarness(loadOnly(firstWins)), (run) => checkSamePathKeys(run, false))).rejects.toThrow(
      'of keys mapped to one path, the last in key order must win at load',
    );
  });

  it('fails a source whose watch lets the last written of keys on one path win', async () => {
    await expect(runCheck(rawKeyHarness(lastWriteWins), (run) => checkSamePathKeys(run, true))).rejects.toThrow(
      'a key written later but earlier in key order (collide.json) must not win over collide.yaml',
    );
  });

  it('fails a source that applies the readable rest of a batch around an unreadable key', async () => {
    await expect(runCheck(rawKeyHarness(appliesReadableRest), checkHeldBackBatch)).rejects.toThrow(
      'a batch with an unreadable key must be held back whole',
    );
  });

  it('fails a held-back check whose harness cannot write raw keys as one unit', async () => {
    const { writeKeys: _, ...withoutWriteKeys } = rawKeyHarness(wholeReads);
    await expect(runCheck(withoutWriteKeys, checkHeldBackBatch)).rejects.toThrow('the held-back check needs a harness with writeKeys');
  });

  it('passes a load-only source that leaves an unreadable key out and reports it, and fails one that drops it silently', async () => {
    await expect(runCheck(rawKeyHarness(loadOnly((keys) => new KeyMapper().map(keys))), checkUnreadableAtLoad)).resolves.toBeUndefined();
    await expect(
      runCheck(rawKeyHarness(loadOnly((keys) => ({ tree: new KeyMapper().map(keys).tree }))), checkUnreadableAtLoad),
    ).rejects.toThrow('an unreadable key is reported once at load');
  });
});
