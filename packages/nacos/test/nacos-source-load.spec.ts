import { NacosConfigSource } from '@config-center/nacos';
import { NacosTestServer, waitFor } from '@config-center/testing/harness';
import { NacosWatchRecorder } from './support/nacos-watch-recorder';

const HOOK_MS = 20_000;

describe('NacosConfigSource against the Nacos test server', () => {
  let server: NacosTestServer;
  let source: NacosConfigSource | undefined;
  let recorder: NacosWatchRecorder | undefined;
  const open = (extra: Partial<ConstructorParameters<typeof NacosConfigSource>[0]> = {}) =>
    (source = new NacosConfigSource({
      servers: [server.address],
      dataIds: ['orders.yaml', { dataId: 'shared.properties', group: 'SHARED' }, { dataId: 'flags.json', path: 'features' }],
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      ...extra,
    }));

  beforeEach(async () => {
    server = await NacosTestServer.start();
  }, HOOK_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source?.close();
    source = undefined;
    await server.stop();
  }, HOOK_MS);

  it('loads YAML, properties and JSON dataIds merged in order at their paths, values as text, md5s as revision', async () => {
    server.publish('orders.yaml', 'rateLimit:\n  limit: 10\n  ttlMs: 1.10\nname: orders\n');
    server.publish('shared.properties', 'rateLimit.limit=20\ndb.host = db.local\n', { group: 'SHARED' });
    server.publish('flags.json', '{"beta": true}');
    const loaded = await open().load();
    expect(loaded.tree).toEqual({
      rateLimit: { limit: '20', ttlMs: '1.10' },
      name: 'orders',
      db: { host: 'db.local' },
      features: { beta: true },
    });
    expect(loaded.revision).toMatch(
      /^DEFAULT_GROUP\/orders\.yaml@[0-9a-f]{8},SHARED\/shared\.properties@[0-9a-f]{8},DEFAULT_GROUP\/flags\.json@[0-9a-f]{8}$/,
    );
  });

  it('a missing dataId (md5 "") loads as absent, and its first publish arrives by push', async () => {
    server.publish('orders.yaml', 'name: orders\n');
    expect((await open().load()).tree).toEqual({ name: 'orders' });
    recorder = new NacosWatchRecorder(source!);
    server.publish('flags.json', '{"beta": false}');
    await recorder.batchWhere((tree) => JSON.stringify(tree.features) === '{"beta":false}', 'the pushed flags');
    expect(server.counts.acked).toBeGreaterThanOrEqual(1);
  });

  it("a removed dataId's keys go", async () => {
    server.publish('orders.yaml', 'name: orders\n');
    server.publish('shared.properties', 'db.host=db.local\n', { group: 'SHARED' });
    await open().load();
    recorder = new NacosWatchRecorder(source!);
    server.remove('shared.properties', { group: 'SHARED' });
    const batch = await recorder.batchWhere((tree) => !('db' in tree), 'the removal');
    expect(batch.tree).toEqual({ name: 'orders' });
  });

  it('sees only its namespace; a blank namespace is public', async () => {
    server.publish('orders.yaml', 'name: public\n', { namespace: 'public' });
    server.publish('orders.yaml', 'name: prod\n', { namespace: 'prod' });
    expect((await open({ namespace: 'prod' }).load()).tree).toEqual({ name: 'prod' });
    recorder = new NacosWatchRecorder(source!);
    server.publish('orders.yaml', 'name: public again\n', { namespace: '' });
    server.publish('orders.yaml', 'name: prod again\n', { namespace: 'prod' });
    await recorder.batchWhere((tree) => tree.name === 'prod again', 'the prod publish');
    expect(recorder.batches.map((batch) => batch.tree.name)).not.toContain('public again');
    await source!.close();
    expect((await open().load()).tree).toEqual({ name: 'public again' });
  });

  it('holds back an unreadable document, keeping its last good value, and applies the fix', async () => {
    server.publish('orders.yaml', 'name: orders\n');
    await open().load();
    recorder = new NacosWatchRecorder(source!);
    server.publish('orders.yaml', 'name: [unclosed\n');
    const held = await waitFor(() => recorder!.events.find((event) => event.kind === 'error'), 'the held-back error');
    expect(held).toMatchObject({ error: { message: expect.stringContaining('DEFAULT_GROUP/orders.yaml') } });
    server.publish('orders.yaml', 'name: fixed\n');
    await recorder.batchWhere((tree) => tree.name === 'fixed', 'the fix');
  });

  it('works with a server before 2.2, which sends no SetupAckRequest (registered after 100 ms, as the Java client waits)', async () => {
    await server.stop();
    server = await NacosTestServer.start({ abilityNegotiation: false });
    server.publish('orders.yaml', 'name: old server\n');
    expect((await open().load()).tree).toEqual({ name: 'old server' });
  });
});
