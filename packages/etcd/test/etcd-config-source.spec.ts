import { ConfigParseError, type ConfigSourceEvent } from '@config-center/core';
import { EtcdConfigSource, type EtcdConfigSourceOptions } from '@config-center/etcd';
import type { Etcd3 } from 'etcd3';
import type { Subscription } from 'rxjs';
import { EtcdCluster, TcpCutProxy, waitFor } from '@config-center/testing/harness';

describe('EtcdConfigSource on a real etcd', () => {
  let cluster: EtcdCluster;
  let etcd: Etcd3;
  const sources: EtcdConfigSource[] = [];
  const subscriptions: Subscription[] = [];
  let prefixCount = 0;
  let prefix: string;

  const source = (options: Partial<EtcdConfigSourceOptions> = {}) => {
    const created = new EtcdConfigSource({ hosts: cluster.endpoints, prefix, reconcileIntervalMs: 0, ...options });
    sources.push(created);
    return created;
  };
  /** Subscribes to the watch and collects its events. */
  const watch = (watched: EtcdConfigSource) => {
    const events: ConfigSourceEvent[] = [];
    subscriptions.push(watched.watch().subscribe({ next: (event) => events.push(event) }));
    return events;
  };
  const batches = (events: ConfigSourceEvent[]) => events.filter((e) => e.kind === 'edits');

  beforeAll(async () => {
    cluster = await EtcdCluster.start();
    etcd = cluster.client();
  }, 30_000);
  beforeEach(() => {
    prefix = `/spec/app${++prefixCount}/`;
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await Promise.all(sources.splice(0).map((s) => s.close()));
  });
  afterAll(() => cluster?.stop(), 30_000);

  it('loads the whole prefix in one read at one revision, mapping keys to paths', async () => {
    await etcd.put(`${prefix}rateLimit/limit`).value('5');
    await etcd.put(`${prefix}rateLimit/name`).value('orders api');
    await etcd.put(`${prefix}db.yaml`).value('host: db.local\nport: 5432\n');
    await etcd.put(`${prefix}flags.json`).value('{"beta": true}');
    await etcd.put(`${prefix.slice(0, -1)}-other/x`).value('1');
    const revision = await cluster.revision();

    const loaded = await source({ prefix: prefix.slice(0, -1) }).load();
    expect(loaded).toEqual({
      revision: String(revision),
      tree: { rateLimit: { limit: '5', name: 'orders api' }, db: { host: 'db.local', port: '5432' }, flags: { beta: true } },
      problems: [],
    });
  });

  it('watches from the revision after the load: no gap, no duplicate', async () => {
    await etcd.put(`${prefix}a`).value('0');
    const watched = source();
    const loaded = await watched.load();
    const first = await etcd.put(`${prefix}a`).value('1');
    const events = watch(watched);
    const second = await etcd.put(`${prefix}b`).value('two');
    await waitFor(() => watched.revision === Number(second.header.revision), 'the second write', 10_000);
    expect(Number(first.header.revision)).toBe(Number(loaded.revision) + 1);
    // The catch-up may bring both writes in one response, and so in one batch at the second.
    const applied = batches(events);
    expect(applied.flatMap((batch) => (batch.kind === 'edits' ? batch.edits : []))).toEqual([
      { path: ['a'], value: '1' },
      { path: ['b'], value: 'two' },
    ]);
    expect(applied.map((batch) => batch.revision)).toEqual(
      applied.length === 1 ? [second.header.revision] : [first.header.revision, second.header.revision],
    );
  });

  it('delivers one transaction as one batch, deletes included', async () => {
    await etcd.put(`${prefix}gone`).value('1');
    const watched = source();
    await watched.load();
    const events = watch(watched);
    const txn = await etcd
      .if(`${prefix}gone`, 'Version', '>', 0)
      .then(etcd.put(`${prefix}x`).value('1'), etcd.put(`${prefix}y/z`).value('2'), etcd.delete().key(`${prefix}gone`))
      .commit();
    await waitFor(() => batches(events).length, 'the transaction', 10_000);
    await etcd.put(`${prefix}after`).value('3');
    await waitFor(() => batches(events).length >= 2, 'the write after it', 10_000);
    const [batch] = batches(events);
    expect(batch.revision).toBe(txn.header.revision);
    expect(batch.kind === 'edits' && new Set(batch.edits.map((e) => `${e.path.join('.')}=${e.value}`))).toEqual(
      new Set(['x=1', 'y.z=2', 'gone=undefined']),
    );
  });

  it('resumes from the revision after the last applied one when the stream breaks', async () => {
    const proxy = await TcpCutProxy.start(cluster.endpoints[0]);
    try {
      const watched = source({ hosts: proxy.endpoint, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
      await watched.load();
      const events = watch(watched);
      await etcd.put(`${prefix}k`).value('0');
      await waitFor(() => batches(events).length === 1, 'the first write', 10_000);
      proxy.cut();
      await waitFor(() => events.some((e) => e.kind === 'state' && e.state === 'reconnecting'), 'reconnecting', 10_000);
      const missed: string[] = [];
      for (let i = 1; i <= 5; i++) missed.push((await etcd.put(`${prefix}k`).value(String(i))).header.revision);
      proxy.restore();
      await waitFor(() => watched.revision === Number(missed[4]), 'the missed writes', 10_000);
      // Revisions that arrive together are one batch at the last: each batch is one write's state.
      const caughtUp = batches(events).slice(1);
      const at = caughtUp.map((batch) => missed.indexOf(batch.revision!));
      expect(at[at.length - 1]).toBe(4);
      expect(at.every((i, n) => i > (n ? at[n - 1] : -1))).toBe(true);
      expect(caughtUp).toEqual(at.map((i) => ({ kind: 'edits', revision: missed[i], edits: [{ path: ['k'], value: String(i + 1) }] })));
      expect(events[events.length - 1]).toEqual(caughtUp[caughtUp.length - 1]);
      expect(events.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && e.state)).toContain('connected');
    } finally {
      await proxy.close();
    }
  });

  it('reports a key it cannot read, holds back its revision, and keeps going', async () => {
    const watched = source();
    await watched.load();
    const events = watch(watched);
    await etcd.put(`${prefix}db.yaml`).value('password: hunter2\n  broken: [');
    const fixed = await etcd.put(`${prefix}db.yaml`).value('port: 5432');
    await waitFor(() => batches(events).length, 'the fixed document', 10_000);
    const [error, batch] = events.filter((e) => e.kind !== 'state');
    expect(error).toEqual({ kind: 'error', error: expect.any(ConfigParseError) });
    expect(error.kind === 'error' && error.error.message).toMatch(
      new RegExp(`cannot read '${prefix}db.yaml': YAML syntax error at line 1, column \\d+: a nested mapping`),
    );
    expect(error.kind === 'error' && error.error.message).not.toContain('hunter2');
    expect(batch).toEqual({ kind: 'edits', revision: fixed.header.revision, edits: [{ path: ['db'], value: { port: '5432' } }] });
  });

  it('uses a given client without closing it', async () => {
    const client = cluster.client();
    await client.put(`${prefix}shared`).value('1');
    const watched = source({ hosts: undefined, client });
    expect(watched.name).toBe(`etcd:${prefix}`);
    expect((await watched.load()).tree).toEqual({ shared: '1' });
    await watched.close();
    await expect(client.get(`${prefix}shared`).string()).resolves.toBe('1');
  });

  it('reads and watches through a namespace of a given client', async () => {
    const watched = source({ hosts: undefined, client: cluster.client().namespace('/spec-ns') });
    await etcd.put(`/spec-ns${prefix}a`).value('1');
    expect((await watched.load()).tree).toEqual({ a: '1' });
    const events = watch(watched);
    const written = await etcd.put(`/spec-ns${prefix}b/c`).value('2');
    await etcd.put(`${prefix}b/c`).value('3');
    await waitFor(() => batches(events).length, 'the namespaced write', 10_000);
    expect(batches(events)).toEqual([{ kind: 'edits', revision: written.header.revision, edits: [{ path: ['b', 'c'], value: '2' }] }]);
  });

  it('stops delivering after close()', async () => {
    const watched = source({ name: 'closing' });
    await watched.load();
    const events = watch(watched);
    await etcd.put(`${prefix}a`).value('1');
    await waitFor(() => batches(events).length === 1, 'the first write', 10_000);
    await watched.close();
    await etcd.put(`${prefix}a`).value('2');
    const last = await etcd.put(`${prefix}a`).value('3');
    await waitFor(async () => (await cluster.revision()) >= Number(last.header.revision), 'the writes', 10_000, 20);
    expect(batches(events)).toHaveLength(1);
    await expect(watched.load()).rejects.toThrow("Config source 'closing': is closed");
  });

  it('refuses options without a prefix or an endpoint', () => {
    expect(() => new EtcdConfigSource({ hosts: '127.0.0.1:1', prefix: '' })).toThrow(/non-empty `prefix`/);
    expect(() => new EtcdConfigSource({ hosts: [], prefix: '/a/' })).toThrow(/needs `hosts`/);
  });
});
