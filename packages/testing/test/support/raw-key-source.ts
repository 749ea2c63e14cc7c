import { Subject, concatMap, from, takeUntil, type Observable } from 'rxjs';
import type { ConfigSource, ConfigSourceEvent, LoadedConfig } from '@config-center/core';
import { heldBackError, KeyMapper, WholeReadBatches, type LocatedValue } from '@config-center/core/source-kit';
import type { ConfigSourceHarness } from '@config-center/testing';

/** How a source over raw keys turns the whole key set into its load, and each later read into events. */
export interface RawKeyReading {
  load(keys: ReadonlyMap<string, string>): LoadedConfig;
  next(keys: ReadonlyMap<string, string>): ConfigSourceEvent[];
}

/**
 * A key-value backend held as raw keys in write order, and a source over it that reads the whole
 * key set after every write (one write of several keys: one read), as a Consul listing or a
 * directory mount does. How a read becomes events is the `RawKeyReading` a test gives, so the kit
 * can be run against a faithful source and against broken ones.
 */
export function rawKeyHarness(reading: () => RawKeyReading): ConfigSourceHarness {
  const keys = new Map<string, string>();
  const writes = new Subject<void>();
  const closing = new Subject<void>();
  const set = (entries: Record<string, string>) => {
    for (const [key, text] of Object.entries(entries)) {
      keys.delete(key);
      keys.set(key, text);
    }
    writes.next();
  };
  const keyOf = (path: string) => path.split('.').join('/');
  return {
    createSource: async (): Promise<ConfigSource> => {
      const read = reading();
      return {
        name: 'raw-keys',
        load: async () => read.load(new Map(keys)),
        watch: (): Observable<ConfigSourceEvent> =>
          writes.pipe(
            concatMap(() => from(read.next(new Map(keys)))),
            takeUntil(closing),
          ),
        close: async () => closing.next(),
      };
    },
    write: async (path, value) => set({ [keyOf(path)]: value }),
    writeKey: async (key, text) => set({ [key]: text }),
    writeKeys: async (entries) => set(entries),
    remove: async (path) => {
      keys.delete(keyOf(path));
      writes.next();
    },
    writeBatch: async (entries) => set(Object.fromEntries(Object.entries(entries).map(([path, value]) => [keyOf(path), value]))),
    dispose: async () => closing.next(),
  };
}

const readKeys = (keys: ReadonlyMap<string, string>) => [...keys].map(([key, raw]) => ({ key, raw }));

/** The faithful reading: the core's `WholeReadBatches` (the tree rule and the held-back rule). */
export function wholeReads(): RawKeyReading {
  const batches = new WholeReadBatches();
  return {
    load: (keys) => batches.load(readKeys(keys)),
    next: (keys) => {
      const batch = batches.next(readKeys(keys));
      if (batch.held) return [{ kind: 'error', error: heldBackError('raw-keys', batch.problems, 'read not applied') }];
      return [{ kind: 'replace', tree: batch.tree }];
    },
  };
}

/** Broken: applies the readable rest of a read around an unreadable key, and reports that key (Consul before). */
export function appliesReadableRest(): RawKeyReading {
  const mapper = new KeyMapper();
  return {
    load: (keys) => mapper.map(keys),
    next: (keys) => {
      const { tree, problems } = mapper.map(keys);
      return [
        { kind: 'replace', tree },
        ...problems.map(({ key, problem }) => ({
          kind: 'error' as const,
          error: heldBackError('raw-keys', [{ key, problem }], 'left out'),
        })),
      ];
    },
  };
}

/** Broken: of keys on one path, the last written wins after the load. */
export function lastWriteWins(): RawKeyReading {
  const mapper = new KeyMapper();
  return {
    load: (keys) => mapper.map(keys),
    next: (keys) => {
      const byPath = new Map<string, LocatedValue>();
      for (const [key, raw] of keys) {
        const located = mapper.locate(key, raw);
        if ('problem' in located) continue;
        byPath.delete(located.path.join('/'));
        byPath.set(located.path.join('/'), located);
      }
      return [{ kind: 'replace', tree: KeyMapper.treeOf(byPath.values()) }];
    },
  };
}
