import { isDeepStrictEqual } from 'node:util';
import { type ConfigSourceStateEvent } from '@config-center/core';
import { ConfigStore } from '@config-center/core/source-kit';
import { consulEntriesToTree, type ConsulConfigSource, type ConsulConfigSourceOptions } from '@config-center/consul';
import { sleep, waitFor, type ConsulOutageMode, type ConsulTestServer } from '@config-center/testing/harness';
import { HOOK_TIMEOUT_MS, startConsulBackend, type ConsulBackend } from './support/consul-backend';
import { consulSourceFor, WatchRecorder } from './support/watch-recorder';

const TOKEN = 'secret-token-5f0c';

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
    await waitFor(() => server.requests.length >= 3, 'three attempts while down', 5000);
    const times = server.requests.slice(0, 3).map((request) => request.at);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    gaps.forEach((gap, attempt) => {
      const ceiling = 100 * 2 ** (attempt + 1);
      expect(gap).toBeGreaterThanOrEqual(ceiling / 2 - 2);
      expect(gap).toBeLessThanOrEqual(ceiling + 600); // generous: timers run late on a loaded machine
    });
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    await server.restore();
    expect(await watched.nextBatch(1, 3000)).toMatchObject({ tree: { value: '2' } });
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
    await sleep(300);
    await server.restore();
    expect(await watched.nextBatch(1, 3000)).toMatchObject({ tree: { value: '3', added: 'new' } });
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected');
    expect(watched.states).toEqual(['reconnecting', 'connected']);
    expect(server.maxInFlight).toBe(1);
  });

  it('reports connected as soon as the server answers again, though nothing changed meanwhile', async () => {
    const watched = await watch({ wait: '5m', retry: { initialDelayMs: 50, maxDelayMs: 100 } });
    await server.outage('reset');
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting');
    await server.restore();
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected', 1000);
    expect(watched.batches).toEqual([]);
  });

  it('gives up on a query the server never answers after wait + wait/16 + requestTimeoutMs, and recovers', async () => {
    const watched = await watch({ wait: '100ms', requestTimeoutMs: 200, retry: { initialDelayMs: 50, maxDelayMs: 100 } });
    server.faults.stall = true;
    await waitFor(() => server.requests.length > 0, 'a stalled query');
    await waitFor(() => watched.states.includes('reconnecting'), 'reconnecting', 2000);
    expect(performance.now() - server.requests[0].at).toBeGreaterThanOrEqual(305);
    const error = (watched.events.find((e) => e.kind === 'state') as ConfigSourceStateEvent).error!;
    expect(error.message).toContain('no response within 306 ms');
    server.faults.stall = false;
    await waitFor(() => watched.states.at(-1) === 'connected', 'connected', 2000);
    await backend.writer.put(key('value'), '4');
    expect(await watched.nextBatch(1)).toMatchObject({ tree: { value: '4' } });
  }, 15_000);

  it('converges on the server state through 30 random outages, without overlapping requests or a retry storm', async () => {
    source = consulSourceFor(backend, { token: TOKEN, retry: { maxDelayMs: 2000 } });
    const store = new ConfigStore({ sources: [source] });
    await store.load();
    store.startWatching();
    server.resetLog();
    const modes: ConsulOutageMode[] = ['refuse', 'reset', 'unavailable'];
    try {
      for (let i = 0; i < 30; i++) {
        await backend.writer.setMany({ [key('value')]: String(i), [key(`k${i % 5}`)]: String(i) });
        await sleep(20 + Math.random() * 80);
        await server.outage(modes[i % 3]);
        if (i % 4 === 0) await backend.writer.put(key('during'), String(i));
        await sleep(Math.random() * 100);
        await server.restore();
      }
      const expected = consulEntriesToTree(server.state.list(backend.prefix).entries, backend.prefix).tree;
      await waitFor(() => isDeepStrictEqual(store.current.tree, expected), 'the store to converge on the server state', 8000, 20);
    } finally {
      await store.close();
    }
    expect(server.maxInFlight).toBe(1);
    const counted = server.outages.filter((o) => o.mode !== 'refuse');
    const downSeconds = counted.reduce((total, o) => total + (o.end! - o.start), 0) / 1000;
    const attempts = server.requests.filter((r) => r.duringOutage).length;
    // At most 2 requests per second down, plus the one that found the server down; a storm makes dozens.
    expect(attempts).toBeLessThanOrEqual(Math.max(2, 2 * downSeconds) + 1);
  }, 20_000);
});
