import { type ConfigSourceStateEvent } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { type ConsulConfigSource, type ConsulConfigSourceOptions } from '@config-center/consul';
import { SeededRandom, sleep, waitFor, type ConsulOutageMode, type ConsulTestServer } from '@config-center/testing/harness';
import { HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import type { WriterTxnOp } from './support/consul-kv-writer';
import { expectedConsulTree, sameTree } from './support/consul-tree-oracle';
import { consulSourceFor, WatchRecorder } from './support/watch-recorder';

const TOKEN = 'secret-token-5f0c';
/** The random outages' choices; the seed is in the test's title, `CONFIG_CENTER_TEST_SEED` replays it. */
const random = SeededRandom.fromEnv();
/** The keys the random outages write: plain, nested, a document with a key overlaying it, a folder. */
const RANDOM_KEYS = ['value', 'k0', 'k1', 'k2', 'db/host', 'db/port', 'svc.json', 'svc/replicas', 'flags/beta', 'folder/'];
/** A first retry comes after half its ceiling at least; the source's default initial delay is 500 ms. */
const LEAST_RETRY_GAP_MS = 500 / 2;

describe('ConsulConfigSource through outages (Consul test server)', () => {
  let backend: ConsulBackend;
  let server: ConsulTestServer;
  let source: ConsulConfigSource;
  let recorder: WatchRecorder | undefined;
  const key = (rest: string) => `${backend.prefix}${rest}`;

  beforeEach(async () => {
    backend = await startConsulBackend({ acl: { tokens: { root: 'management', [TOKEN]: { read: ['config-center-test/'] } } } });
    server = backend.server!;
    await backend.writer.setMany({ [key('value')]: '1' });
  }, HOOK_TIMEOUT_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source.close();
    await backend.dispose();
  }, HOOK_TIMEOUT_MS);

  async function watch(options: Partial<ConsulConfigSourceOptions>): Promise<WatchRecorder> {
    source = consulSourceFor(backend, { token: TOKEN, ...options });
    await source.load();
    recorder = new WatchRecorder(source);
    await waitFor(() => server.pendingQueries === 1, 'the first blocking query');
    server.resetLog();
    return recorder;
  }

  it('backs off with jitter on 5xx, reports reconnecting then connected once each, and loses no update', async () => {
    const watched = await watch({ retry: { initialDelayMs: 100, maxDelayMs: 5000 }, rateLimit: { burst: 2, perSecond: 1000 } });
    await server.outage('unavailable');
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting');
    await backend.writer.put(key('value'), '2');
    await waitFor(() => server.requests.length >= 3, 'three attempts while down');
    const times = server.requests.slice(0, 3).map((request) => request.at);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    // Each retry waits at least half its doubling ceiling; a late timer only makes a gap longer.
    gaps.forEach((gap, attempt) => expect(gap).toBeGreaterThanOrEqual((100 * 2 ** (attempt + 1)) / 2 - 2));
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    await server.restore();
    expect(await watched.nextBatch(1)).toMatchObject({ tree: { value: '2' } });
    expect(watched.states).toEqual(['reconnecting', 'connected']);
    const error = (watched.events.find((e) => e.kind === 'state') as ConfigSourceStateEvent).error!;
    expect(error.message).toMatch(
      /cannot read prefix 'config-center-test\/\w+\/' from http:\/\/127\.0\.0\.1:\d+: HTTP 500: No cluster leader/,
    );
    expect(JSON.stringify(watched.events.map((e) => (e.kind === 'state' ? e.error?.message : '')))).not.toContain(TOKEN);
    expect(server.maxInFlight).toBe(1);
  }, 15_000);

  it.each<[ConsulOutageMode, string]>([
    ['refuse', 'refused'],
    ['reset', 'reset'],
  ])('recovers from connections being %s (%s), with the writes made meanwhile', async (mode) => {
    const watched = await watch({ retry: { initialDelayMs: 50, maxDelayMs: 200 } });
    await server.outage(mode);
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting');
    await backend.writer.setMany({ [key('value')]: '3', [key('added')]: 'new' });
    const wroteAt = performance.now();
    // A reset connection is logged: wait for a retry that failed after the writes. A refused one
    // never reaches the server; 'reconnecting' already shows the source is retrying.
    if (mode === 'reset')
      await waitFor(() => server.requests.some((r) => r.method === 'RESET' && r.at > wroteAt), 'a retry after the writes');
    await server.restore();
    expect(await watched.nextBatch(1)).toMatchObject({ tree: { value: '3', added: 'new' } });
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected');
    expect(watched.states).toEqual(['reconnecting', 'connected']);
    expect(server.maxInFlight).toBe(1);
  });

  it('reports connected as soon as the server answers again, though nothing changed meanwhile', async () => {
    const watched = await watch({ wait: '5m', retry: { initialDelayMs: 50, maxDelayMs: 100 } });
    await server.outage('reset');
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting');
    await server.restore();
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected');
    expect(watched.batches).toEqual([]);
  });

  it('gives up on a query the server never answers after wait + wait/16 + requestTimeoutMs, and recovers', async () => {
    const watched = await watch({ wait: '100ms', requestTimeoutMs: 200, retry: { initialDelayMs: 50, maxDelayMs: 100 } });
    server.faults.stall = true;
    await waitFor(() => server.requests.length > 0, 'a stalled query');
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting');
    expect(performance.now() - server.requests[0].at).toBeGreaterThanOrEqual(305);
    const error = (watched.events.find((e) => e.kind === 'state') as ConfigSourceStateEvent).error!;
    expect(error.message).toContain('no response within 306 ms');
    server.faults.stall = false;
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected');
    await backend.writer.put(key('value'), '4');
    expect(await watched.nextBatch(1)).toMatchObject({ tree: { value: '4' } });
  }, 15_000);

  it(`converges on what was written through 30 random outages, without overlapping requests or a retry storm (seed ${random.seed})`, async () => {
    // A generous token bucket, so that the backoff alone must keep the retries apart.
    source = consulSourceFor(backend, { token: TOKEN, retry: { maxDelayMs: 2000 }, rateLimit: { burst: 2, perSecond: 1000 } });
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    store.startWatching();
    server.resetLog();
    const written = new Map([[key('value'), '1']]);
    try {
      for (let round = 0; round < 30; round++) {
        await writeRandomly(written, round);
        await pauseRandomly();
        await server.outage(random.pick<ConsulOutageMode>(['refuse', 'reset', 'unavailable']));
        if (random.chance(0.3)) await writeRandomly(written, round);
        if (random.chance(0.5)) await sleep(random.int(100));
        await server.restore();
        // Every few rounds, and at the end: the served tree is the oracle's tree of what was written.
        if (round % 6 === 5) await converged(store, written, round);
      }
    } finally {
      await store.close();
    }
    expect(server.maxInFlight).toBe(1);
    // A storm retries at once; the source waits out a backoff between two attempts in one outage.
    for (const outage of server.outages) {
      const attempts = server.requests.filter((r) => r.duringOutage && r.at >= outage.start && r.at <= (outage.end ?? Infinity));
      attempts.slice(1).forEach((attempt, i) => expect(attempt.at - attempts[i].at).toBeGreaterThanOrEqual(LEAST_RETRY_GAP_MS - 2));
    }
  }, 60_000);

  async function converged(store: ConfigStore, written: ReadonlyMap<string, string>, round: number): Promise<void> {
    const expected = expectedConsulTree(written, backend.prefix);
    await waitFor(() => sameTree(store.current.tree, expected), `the store to converge on what was written by round ${round}`, 15_000, 20);
  }

  /** One transaction of 1–3 random sets and deletes of `RANDOM_KEYS`, recorded in `written`. */
  async function writeRandomly(written: Map<string, string>, round: number): Promise<void> {
    const ops = new Map<string, WriterTxnOp>();
    for (let n = 1 + random.int(3); n > 0; n--) {
      const name = key(random.pick(RANDOM_KEYS));
      ops.set(name, random.chance(0.15) ? { Verb: 'delete', Key: name } : { Verb: 'set', Key: name, Value: randomValue(name, round) });
    }
    await backend.writer.txn([...ops.values()]);
    for (const op of ops.values()) {
      if (op.Verb === 'delete') written.delete(op.Key);
      else written.set(op.Key, op.Value!);
    }
  }

  function randomValue(name: string, round: number): string {
    if (name.endsWith('/')) return '';
    if (name.endsWith('.json')) return JSON.stringify({ replicas: round, zone: random.pick(['a', 'b']), limits: { max: random.int(9) } });
    return random.pick([String(round), `1.${round}0`, 'false', `{"on":${random.chance(0.5)}}`, `text ${round}`]);
  }

  /** Lets the source catch up (blocking again), or not, or for a random while, before the next outage. */
  async function pauseRandomly(): Promise<void> {
    const choice = random.int(3);
    if (choice === 1) await waitFor(() => server.pendingQueries === 1, 'the source to block again', 15_000);
    if (choice === 2) await sleep(random.int(100));
  }
});
