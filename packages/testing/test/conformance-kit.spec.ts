import { filter, from, mergeMap, skip, type Observable } from 'rxjs';
import { MemoryConfigSource, type ConfigSource, type ConfigSourceEvent, type LoadedConfig } from '@config-center/core';
import type { ConfigSourceHarness } from '@config-center/testing';
import { ConformanceRun } from '../src/conformance/conformance-run';
import { checkClose, checkResume } from '../src/conformance/lifecycle-checks';
import { checkBatch, checkDelete, checkInitialLoad, checkUpdate } from '../src/conformance/watch-checks';
import { InterruptibleConfigSource } from './support/interruptible-config-source';

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

/** Runs one check against a harness, with short waits, and always ends the run. */
async function runCheck(harness: ConfigSourceHarness, check: (run: ConformanceRun) => Promise<void>): Promise<void> {
  const run = await ConformanceRun.start(() => harness, 300);
  try {
    await check(run);
  } finally {
    await run.end();
  }
}

describe('the conformance kit', () => {
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
