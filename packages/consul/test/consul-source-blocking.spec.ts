import { ConfigStore } from '@config-center/core/source-kit';
import type { ConsulConfigSource } from '@config-center/consul';
import { waitFor, type ConsulTestServer, type LoggedRequest } from '@config-center/testing/harness';
import { BACKEND_NAME, HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import { consulSourceFor, WatchRecorder } from './support/watch-recorder';

const blockingIndex = (request: LoggedRequest) => (request.params.has('index') ? Number(request.params.get('index')) : 0);

describe(`ConsulConfigSource blocking queries (${BACKEND_NAME})`, () => {
  let backend: ConsulBackend;
  let source: ConsulConfigSource;
  let recorder: WatchRecorder | undefined;
  const key = (rest: string) => `${backend.prefix}${rest}`;

  beforeEach(async () => {
    backend = await startConsulBackend();
    await backend.writer.setMany({ [key('a')]: '1', [key('b')]: '1', [key('c')]: '1' });
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  it('turns one response into one batch: a three-key transaction is one replace, one swap', async () => {
    source = consulSourceFor(backend);
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    store.startWatching();
    const swaps: string[][] = [];
    store.changes$.subscribe((change) => swaps.push([...change.changedPaths]));
    try {
      const index = await backend.writer.setMany({ [key('a')]: '2', [key('b')]: '2', [key('c')]: '2' });
      await waitFor(() => swaps.length > 0, 'the swap');
      expect(store.status().sources[0].revision).toBe(String(index));
      // A later write that arrives proves the transaction had its chance to make a second swap.
      await backend.writer.put(key('marker'), '1');
      await waitFor(() => swaps.length > 1, 'the marker swap');
      expect(swaps).toEqual([['a', 'b', 'c'], ['marker']]);
    } finally {
      await store.close();
    }
  });

  it('takes a return for no change: a moved index with the same ModifyIndexes, or a wait that ran out, emits nothing', async () => {
    source = consulSourceFor(backend, { wait: '150ms', rateLimit: { burst: 2, perSecond: 50 } });
    await source.load();
    recorder = new WatchRecorder(source);
    const tmp = key('tmp');
    await backend.writer.txn([
      { Verb: 'set', Key: tmp, Value: 'x' },
      { Verb: 'delete', Key: tmp },
    ]);
    await backend.writer.put(`${backend.prefix}folder/`, '');
    if (backend.server) {
      // Two queries at the last index: one of them returned for no change (its wait ran out) and was re-sent.
      const last = backend.server.state.list(backend.prefix).index;
      await waitFor(
        () => backend.server!.requests.filter((r) => blockingIndex(r) === last).length >= 2,
        'a wait to run out at the last index',
      );
    }
    expect(recorder.events).toEqual([]);
    await backend.writer.put(key('a'), '3');
    expect(await recorder.nextBatch(1)).toMatchObject({ kind: 'replace', tree: { a: '3', b: '1', c: '1' } });
    expect(recorder.events).toHaveLength(1);
  });

  it('makes no swap for a write that changes no value, though its ModifyIndex moved', async () => {
    source = consulSourceFor(backend);
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    store.startWatching();
    try {
      const version = store.current.version;
      const index = await backend.writer.setMany({ [key('a')]: '1' });
      await waitFor(() => store.status().sources[0].revision === String(index), 'the batch to be taken');
      expect(store.current.version).toBe(version);
      await backend.writer.put(key('b'), '5');
      await waitFor(() => store.current.tree.b === '5', 'the next change');
      expect(store.current.version).toBe(version + 1);
    } finally {
      await store.close();
    }
  });

  it('ends a pending blocking query at once on close(), and completes the watch', async () => {
    source = consulSourceFor(backend, { wait: '5m' });
    await source.load();
    recorder = new WatchRecorder(source);
    if (backend.server) await waitFor(() => backend.server!.pendingQueries === 1, 'the query to block');
    // "At once" against a 5-minute wait: close() resolving at all, within the test's timeout, shows
    // it did not wait the query out; the server seeing the query end shows it was cut, not left.
    await source.close();
    expect(recorder.completed).toBe(true);
    if (backend.server) await waitFor(() => backend.server!.pendingQueries === 0, 'the server to see the query end');
  });
});

describe('ConsulConfigSource index rules (Consul test server)', () => {
  let backend: ConsulBackend;
  let server: ConsulTestServer;
  let source: ConsulConfigSource;
  let recorder: WatchRecorder;
  /** `performance.now()` just before the watch began: no query of it went out sooner. */
  let watchingSince: number;

  beforeEach(async () => {
    backend = await startConsulBackend();
    server = backend.server!;
    await backend.writer.setMany({ [`${backend.prefix}a`]: '1', [`${backend.prefix}b`]: '1' });
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    recorder?.stop();
    await source.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  /** Loads a source, clears the server's log and starts watching; returns the loaded index. */
  async function watch(options: Parameters<typeof consulSourceFor>[1] = {}): Promise<number> {
    source = consulSourceFor(backend, options);
    const loaded = await source.load();
    server.resetLog();
    watchingSince = performance.now();
    recorder = new WatchRecorder(source);
    return Number(loaded.revision);
  }

  it('never busy-loops: with nothing changing, one query per wait', async () => {
    const index = await watch({ wait: '100ms', rateLimit: { burst: 2, perSecond: 1000 } });
    await waitFor(() => server.requests.length >= 6, 'six queries', 10_000);
    const queries = server.requests.slice(0, 6);
    expect(queries.map(blockingIndex)).toEqual(Array(6).fill(index));
    expect(queries.map((r) => r.params.get('wait'))).toEqual(Array(6).fill('100ms'));
    // Each query was held its whole wait before the next was sent: a late timer only adds to a gap.
    queries.slice(1).forEach((query, i) => expect(query.at - queries[i].at).toBeGreaterThanOrEqual(queries[i].blockMs! - 2));
    expect(recorder.events).toEqual([]);
  }, 15_000);

  it('treats an index of 0 as 1, and paces re-queries with the token bucket when they return at once', async () => {
    server.faults.reportIndex = () => 0;
    await watch({ rateLimit: { burst: 2, perSecond: 5 } });
    await waitFor(() => server.requests.length >= 7, 'seven queries', 10_000);
    const queries = server.requests.slice(0, 7);
    expect(queries.slice(1).every((query) => blockingIndex(query) === 1)).toBe(true);
    // The bucket holds at most 2 tokens and gains one per 200 ms: the n-th query of the watch cannot
    // reach the server sooner than (n - 2) × 200 ms after it began, however late the timers run.
    queries.forEach((query, i) => expect(query.at - watchingSince).toBeGreaterThanOrEqual(Math.max(0, i + 1 - 2) * 200 - 2));
    expect(recorder.batches).toEqual([]);
  }, 15_000);

  it('resets to index 0 when a snapshot restore sends the index back, re-reads and reconciles', async () => {
    const snapshot = await backend.writer.saveSnapshot();
    await backend.writer.setMany({ [`${backend.prefix}a`]: '2', [`${backend.prefix}added`]: 'x' });
    const index = await watch();
    await waitFor(() => server.pendingQueries === 1, 'the query to block');
    await backend.writer.restoreSnapshot(snapshot);
    expect(await recorder.nextBatch(1)).toMatchObject({ tree: { a: '1', b: '1' } });
    expect(server.requests.slice(0, 2).map(blockingIndex)).toEqual([index, 0]);
    await backend.writer.put(`${backend.prefix}b`, '7');
    expect(await recorder.nextBatch(2)).toMatchObject({ tree: { a: '1', b: '7' } });
  }, 15_000);

  it('sees a restore that wakes no blocking query at the next periodic full read, when asked to', async () => {
    const snapshot = server.state.snapshot();
    await backend.writer.setMany({ [`${backend.prefix}a`]: '2', [`${backend.prefix}added`]: 'x' });
    await watch({ wait: '1m', fullReadIntervalMs: 300 });
    await waitFor(() => server.pendingQueries === 1, 'the query to block');
    server.state.restore(snapshot, { wake: false });
    expect(await recorder.nextBatch(1)).toMatchObject({ tree: { a: '1', b: '1' } });
    await backend.writer.put(`${backend.prefix}b`, '7');
    expect(await recorder.nextBatch(2)).toMatchObject({ tree: { a: '1', b: '7' } });
  }, 15_000);

  it('resets to index 0 when reaped tombstones lower the index, and still sees the next write', async () => {
    await backend.writer.put(`${backend.prefix}z`, 'highest');
    await watch({ wait: '150ms', rateLimit: { burst: 2, perSecond: 50 } });
    await backend.writer.delete(`${backend.prefix}z`);
    await recorder.nextBatch(1);
    const high = server.state.list(backend.prefix).index;
    await waitFor(() => server.requests.some((r) => blockingIndex(r) === high), 'the query on the tombstone index');
    server.state.reapTombstones();
    await waitFor(() => server.requests.some((r, i) => i > 0 && blockingIndex(r) === 0), 'a re-read after the index went back');
    const low = server.state.list(backend.prefix).index;
    expect(low).toBeLessThan(high);
    await waitFor(() => server.requests.some((r) => blockingIndex(r) === low), 'a query blocking on the lowered index');
    await backend.writer.put(`${backend.prefix}a`, '9');
    expect(await recorder.nextBatch(2)).toMatchObject({ tree: { a: '9', b: '1' } });
  });
});
