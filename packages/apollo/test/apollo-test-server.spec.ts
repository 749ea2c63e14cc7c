import { request } from 'node:http';
import { ApolloTestServer, apolloSignature, waitFor } from '@config-center/testing/harness';

/** One GET to the test server, with its own connection (no agent keeps it open). */
function get(server: ApolloTestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const poll = (ids: Record<string, number>, cluster = 'default') =>
  `/notifications/v2?cluster=${cluster}&appId=orders&notifications=${encodeURIComponent(
    JSON.stringify(Object.entries(ids).map(([namespaceName, notificationId]) => ({ namespaceName, notificationId }))),
  )}`;

/**
 * The test server against the protocol facts of Apollo's config service (apollo 3.0,
 * apollo-configservice `NotificationControllerV2`, `ConfigController`, `ClientAuthenticationFilter`)
 * and apollo-java's published signature vector (apollo-core `HmacSha1UtilsTest`).
 */
describe('ApolloTestServer', () => {
  let server: ApolloTestServer;
  beforeEach(async () => {
    server = await ApolloTestServer.start({ holdMs: 300, accessKeys: { signed: ['s3cr3t'] } });
  }, 15_000);
  afterEach(() => server.close(), 15_000);

  it("signs as apollo-core's HmacSha1Utils test vector says", () => {
    const signature = apolloSignature(
      '1576478257344',
      '/configs/100004458/default/application?ip=10.0.0.1',
      'df23df3f59884980844ff3dada30fa97',
    );
    expect(signature).toBe('EoKyziXvKqzHgwx+ijDJwgVTDgE=');
  });

  it('answers /configs with the release, 304 for its release key, 404 for an unknown namespace', async () => {
    const [release] = server.release('orders', [{ namespace: 'application', configurations: { 'a.b': '1' } }]);
    const first = await get(server, '/configs/orders/default/application');
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({
      appId: 'orders',
      cluster: 'default',
      namespaceName: 'application',
      configurations: { 'a.b': '1' },
      releaseKey: release.releaseKey,
    });
    expect((await get(server, `/configs/orders/default/application?releaseKey=${release.releaseKey}`)).status).toBe(304);
    expect((await get(server, '/configs/orders/default/missing')).status).toBe(404);
  });

  it('falls back to the default cluster and names the cluster the release came from', async () => {
    server.release('orders', [{ namespace: 'application', configurations: { k: 'default' } }]);
    expect(JSON.parse((await get(server, '/configs/orders/blue/application')).body)).toMatchObject({ cluster: 'default' });
    server.release('orders', [{ namespace: 'application', configurations: { k: 'blue' } }], 'blue');
    expect(JSON.parse((await get(server, '/configs/orders/blue/application')).body)).toMatchObject({
      cluster: 'blue',
      configurations: { k: 'blue' },
    });
  });

  it('answers a poll with old ids for several namespaces at once, with all of them', async () => {
    server.release('orders', [
      { namespace: 'application', configurations: {} },
      { namespace: 'shared.yaml', configurations: { content: 'a: 1' } },
    ]);
    const answer = await get(server, poll({ application: -1, 'shared.yaml': -1 }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual([
      expect.objectContaining({ namespaceName: 'application', notificationId: 1 }),
      expect.objectContaining({ namespaceName: 'shared.yaml', notificationId: 2 }),
    ]);
  });

  it('holds a current poll, answers it with the first release it watches, and 304 when the hold ends', async () => {
    server.release('orders', [{ namespace: 'application', configurations: {} }]);
    const held = get(server, poll({ application: 1, 'shared.yaml': -1 }));
    await waitFor(() => server.heldPolls === 1, 'the poll to be held');
    server.release('orders', [
      { namespace: 'shared.yaml', configurations: { content: 'a: 1' } },
      { namespace: 'application', configurations: {} },
    ]);
    const answer = await held;
    expect(JSON.parse(answer.body)).toEqual([expect.objectContaining({ namespaceName: 'shared.yaml', notificationId: 2 })]);
    expect((await get(server, poll({ application: 3, 'shared.yaml': 2 }))).status).toBe(304);
  });

  it('refuses an unsigned, wrongly signed or stale request of an app with access keys with 401', async () => {
    server.release('signed', [{ namespace: 'application', configurations: {} }], 'default');
    const path = '/configs/signed/default/application?ip=1.2.3.4';
    const now = String(Date.now());
    const signed = (secret: string, timestamp = now) => ({
      authorization: `Apollo signed:${apolloSignature(timestamp, path, secret)}`,
      timestamp,
    });
    expect((await get(server, path)).status).toBe(401);
    expect((await get(server, path, signed('wrong'))).status).toBe(401);
    expect((await get(server, path, signed('s3cr3t', String(Date.now() - 120_000)))).status).toBe(401);
    expect((await get(server, path, signed('s3cr3t'))).status).toBe(200);
  });

  it('keeps its releases across a restart on the same port, and fails requests on demand', async () => {
    const url = server.url;
    server.release('orders', [{ namespace: 'application', configurations: { k: 'v' } }]);
    await server.restart();
    expect(server.url).toBe(url);
    expect((await get(server, '/configs/orders/default/application')).status).toBe(200);
    server.faults.failWith = 503;
    expect((await get(server, '/configs/orders/default/application')).status).toBe(503);
  });
});
