import { filter, from, mergeMap, skip, type Observable } from 'rxjs';
import { MemoryConfigSource, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';
import { KeyMapper } from '@config-center/core/source-kit';
import type { ConfigSourceHarness } from '@config-center/testing';
import { CONFORMANCE_SECTIONS } from '../src/conformance/conformance-sections';
import { checkKeyMapping } from '../src/conformance/key-mapping-checks';
import { checkClose, checkResume } from '../src/conformance/lifecycle-checks';
import { checkBatch, checkDelete, checkInitialLoad, checkUpdate } from '../src/conformance/watch-checks';
import { InterruptibleConfigSource } from './support/interruptible-config-source';
import { runCheckWith } from './support/run-check';

/** A source over a memory backend whose behaviour a test breaks by overriding one method. */
class BrokenSource implements ConfigSource {
  readonly name = 'broken';
  constructor(readonly memory: MemoryConfigSource) {}
  load(): Promise<LoadedConfig> {
    return this.memory.load();
  }
  watch(): Observable<ConfigSourceEvent> {
    return this.memory.watch();
  }
  close(): Promise<void> {
    return this.memory.close();
  }
}

/** A harness writing to `memory` and handing out `source`. */
function harnessOver(memory: MemoryConfigSource, source: ConfigSource, extra: Partial<ConfigSourceHarness> = {}): ConfigSourceHarness {
  return {
    createSource: async () => source,
    write: async (path, value) => memory.set(path, value),
    remove: async (path) => memory.delete(path),
    writeBatch: async (entries) => memory.batch((batch) => Object.entries(entries).forEach(([path, value]) => batch.set(path, value))),
    dispose: () => memory.close(),
    ...extra,
  };
}

describe.each(['class', 'schema'] as const)('the conformance kit (%s sections)', (kind) => {
  const runCheck = runCheckWith.bind(undefined, CONFORMANCE_SECTIONS[kind]);

  /**
   * A key-value backend held as raw keys, and a source mapping them with `mapKeys`; with
   * `canHoldKey`, a backend that refuses the keys it declares it cannot hold.
   */
  function keyValueHarness(
    mapKeys: (keys: Map<string, string>) => LoadedConfig,
    canHoldKey?: (key: string) => boolean,
  ): ConfigSourceHarness {
    const keys = new Map<string, string>();
    const memory = new MemoryConfigSource();
    const source = Object.assign(new BrokenSource(memory), { load: async () => mapKeys(keys), watch: undefined });
    const writeKey = async (key: string, text: string) => {
      if (canHoldKey && !canHoldKey(key)) throw new Error(`the kit wrote '${key}', which the harness cannot hold`);
      keys.set(key, text);
    };
    return harnessOver(memory, source, { writeKey, canHoldKey });
  }
  const core = (keys: Map<string, string>) => new KeyMapper().map(keys);
  const silent = (keys: Map<string, string>): LoadedConfig => ({ tree: new KeyMapper().map(keys).tree });
  /** A mount's rule: no empty segment. */
  const noEmptySegment = (key: string) => !key.split('/').includes('');

  it('passes a key-value source that maps keys with the core KeyMapper and reports what it leaves out', async () => {
    const harness = keyValueHarness(core);
    await expect(runCheck(harness, checkKeyMapping)).resolves.toBeUndefined();
  });

  it('passes it when its harness declares an unmappable key its backend cannot hold, and never writes that key', async () => {
    await expect(runCheck(keyValueHarness(core, noEmptySegment), checkKeyMapping)).resolves.toBeUndefined();
  });

  it('fails a source that drops unmappable keys silently, also when its harness cannot hold some of them', async () => {
    await expect(runCheck(keyValueHarness(silent, noEmptySegment), checkKeyMapping)).rejects.toThrow(
      'each unmappable key is reported once',
    );
  });

  it('fails a harness that declares a key the core maps as one its backend cannot hold', async () => {
    const withoutRateLimit = (key: string) => noEmptySegment(key) && !key.startsWith('rateLimit/');
    const dropsRateLimit = (keys: Map<string, string>) => core(new Map([...keys].filter(([key]) => !key.startsWith('rateLimit/'))));
    await expect(runCheck(keyValueHarness(dropsRateLimit, withoutRateLimit), checkKeyMapping)).rejects.toThrow(
      'the harness declares keys the core key mapper maps as keys its backend cannot hold',
    );
  });

  it('fails a harness that holds none of the keys the core leaves out', async () => {
    const mappable = (key: string) => core(new Map([[key, '1']])).problems.length === 0;
    await expect(runCheck(keyValueHarness(silent, mappable), checkKeyMapping)).rejects.toThrow(
      'the harness must hold at least one key the core key mapper leaves out',
    );
  });

  it('fails a key-value source that maps keys its own way (JSON values, documents not overlaid)', async () => {
    const ownWay = (keys: Map<string, string>): LoadedConfig => {
      const tree: Record<string, unknown> = {};
      for (const [key, text] of keys) {
        if (key.includes('__proto__') || key.includes('//') || key.split('/').length > 32) continue;
        let value: unknown = text;
        try {
          value = JSON.parse(text);
        } catch {
          // text
        }
        tree[key.replace(/\.json$/, '').replace(/\//g, '.')] = value;
      }
      return { tree };
    };
    await expect(runCheck(keyValueHarness(ownWay), checkKeyMapping)).rejects.toThrow(
      'the loaded tree differs from the one the core key mapper builds',
    );
  });

  it('fails a key-value source that drops unmappable keys without reporting them', async () => {
    await expect(runCheck(keyValueHarness(silent), checkKeyMapping)).rejects.toThrow('each unmappable key is reported once');
  });

  it('fails a source whose first load misses existing data', async () => {
    const memory = new MemoryConfigSource();
    const source = Object.assign(new BrokenSource(memory), { load: async () => ({ tree: {} }) });
    await expect(runCheck(harnessOver(memory, source), checkInitialLoad)).rejects.toThrow(
      'the first load misses what was written before it',
    );
  });

  it('fails a source that never delivers updates', async () => {
    const memory = new MemoryConfigSource();
    const source = Object.assign(new BrokenSource(memory), { watch: undefined });
    await expect(runCheck(harnessOver(memory, source), checkUpdate)).rejects.toThrow(
      "Conformance of source 'broken': timed out after 300 ms waiting for update.value to be updated",
    );
  });

  it('fails a source that drops removals', async () => {
    const memory = new MemoryConfigSource();
    const source = new BrokenSource(memory);
    source.watch = () =>
      memory.watch().pipe(filter((event) => event.kind !== 'edits' || event.edits.every((edit) => edit.value !== undefined)));
    await expect(runCheck(harnessOver(memory, source), checkDelete)).rejects.toThrow('waiting for remove.gone to be removed');
  });

  it('fails a source that splits one backend batch into several', async () => {
    const memory = new MemoryConfigSource();
    const source = new BrokenSource(memory);
    source.watch = () =>
      memory
        .watch()
        .pipe(
          mergeMap((event) =>
            event.kind === 'edits' ? from(event.edits.map((edit) => ({ kind: 'edits' as const, edits: [edit] }))) : [event],
          ),
        );
    await expect(runCheck(harnessOver(memory, source), checkBatch)).rejects.toThrow('one batch was applied as 4 swaps');
  });

  it('fails a source that resumes from "now" and loses the writes made while disconnected', async () => {
    const memory = new MemoryConfigSource();
    const forgetful = new BrokenSource(memory);
    forgetful.watch = () => memory.watch().pipe(skip(1));
    const source = new InterruptibleConfigSource(forgetful);
    const harness = harnessOver(memory, source, { disconnect: async () => source.disconnect(), reconnect: async () => source.reconnect() });
    await expect(runCheck(harness, checkResume)).rejects.toThrow('waiting for the writes made while disconnected to be applied');
  });

  it('fails a resume check whose harness cannot disconnect', async () => {
    const memory = new MemoryConfigSource();
    await expect(runCheck(harnessOver(memory, memory), checkResume)).rejects.toThrow('the harness has no disconnect() and reconnect()');
  });

  it('fails a source whose close() leaves the watch open', async () => {
    const memory = new MemoryConfigSource();
    const source = Object.assign(new BrokenSource(memory), { close: async () => undefined });
    await expect(runCheck(harnessOver(memory, source), (run) => checkClose(run, true))).rejects.toThrow(
      'waiting for the observable of watch() to complete after close()',
    );
  });

  it('fails a source whose close() leaves a timer running', async () => {
    const memory = new MemoryConfigSource();
    const timers: NodeJS.Timeout[] = [];
    const source = Object.assign(new BrokenSource(memory), {
      watch: () => {
        timers.push(setInterval(() => undefined, 1000));
        return memory.watch();
      },
    });
    try {
      await expect(runCheck(harnessOver(memory, source), (run) => checkClose(run, true))).rejects.toThrow(
        /active handles left after close\(\): Timeout ×\d/,
      );
    } finally {
      timers.forEach(clearInterval);
    }
  });
});
