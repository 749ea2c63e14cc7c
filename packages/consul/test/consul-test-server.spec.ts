import { ConsulTestServer, waitFor } from '@config-center/testing/harness';
import { ConsulKvWriter, type ConsulAnswer } from './support/consul-kv-writer';
import { HOOK_TIMEOUT_MS } from './support/consul-backend';

const indexOf = (answer: ConsulAnswer) => Number(answer.headers['x-consul-index']);
const keysOf = (answer: ConsulAnswer) => (JSON.parse(answer.body.toString()) as { Key: string }[]).map((e) => e.Key);

async function timed(answer: Promise<ConsulAnswer>): Promise<[ConsulAnswer, number]> {
  const began = performance.now();
  return [await answer, performance.now() - began];
}

// What the test server adds to the documented API for tests — and the parts of Consul a shared real
// agent cannot be asked to show (a snapshot restore rewinds its whole store) — checked here alone.
describe('Consul test server', () => {
  let server: ConsulTestServer;
  let client: ConsulKvWriter;
  let admin: ConsulKvWriter;
  let random = 0;

  beforeEach(async () => {
    server = await ConsulTestServer.start({ random: () => random });
    client = new ConsulKvWriter(server.url);
    admin = new ConsulKvWriter(server.adminUrl);
    await admin.put('app/a', '1');
  }, HOOK_TIMEOUT_MS);
  afterEach(() => server.close(), HOOK_TIMEOUT_MS);

  it('adds up to wait/16 of jitter to a blocking wait, as Consul does', async () => {
    const index = server.state.lastIndex;
    random = 0;
    const [, plain] = await timed(client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=160ms`));
    random = 0.999;
    const [, jittered] = await timed(client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=160ms`));
    expect(server.requests.map((r) => r.blockMs)).toEqual([160, 160 + 0.999 * 10]);
    expect(plain).toBeGreaterThanOrEqual(159);
    expect(jittered).toBeGreaterThanOrEqual(169);
  });

  it('waits 5 minutes when no wait is given, and at most 10 (plus jitter) whatever the wait asked', async () => {
    const index = server.state.lastIndex;
    random = 0.5;
    const queries = ['', '&wait=20m', '&wait=1h30m'].map((wait) => client.call('GET', `/v1/kv/app/?recurse&index=${index}${wait}`));
    await waitFor(() => server.pendingQueries === 3, 'the queries to block');
    expect(server.requests.map((r) => r.blockMs)).toEqual([300_000 * (1 + 0.5 / 16), 600_000 * (1 + 0.5 / 16), 600_000 * (1 + 0.5 / 16)]);
    await admin.put('app/a', '2');
    await Promise.all(queries);
  });

  it('rejects a malformed index or wait, conflicting consistency modes and an unknown datacenter', async () => {
    expect((await client.call('GET', '/v1/kv/app/?recurse&index=x')).status).toBe(400);
    expect((await client.call('GET', '/v1/kv/app/?recurse&index=1&wait=5 minutes')).status).toBe(400);
    expect((await client.call('GET', '/v1/kv/app/?recurse&stale&consistent')).status).toBe(400);
    const elsewhere = await client.call('GET', '/v1/kv/app/?recurse&dc=dc9');
    expect([elsewhere.status, elsewhere.body.toString()]).toEqual([500, 'No path to datacenter']);
    expect((await client.call('GET', '/v1/kv/app/?recurse&dc=dc1&stale')).headers['x-consul-effective-consistency']).toBe('stale');
  });

  it('wakes blocked queries on a snapshot restore, with the index gone backwards and the data with it', async () => {
    const snapshot = await admin.saveSnapshot();
    const before = server.state.list('app/').index;
    await admin.put('app/b', '2');
    const index = server.state.list('app/').index;
    const blocked = client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=5s`);
    await waitFor(() => server.pendingQueries === 1, 'the query to block');
    await admin.restoreSnapshot(snapshot);
    const answer = await blocked;
    expect(indexOf(answer)).toBe(before);
    expect(keysOf(answer)).toEqual(['app/a']);
    await admin.put('app/c', '3');
    expect(server.state.list('app/').index).toBeGreaterThan(index);
  });

  it('lowers a prefix index when tombstones are reaped, seen when the wait ends', async () => {
    await admin.put('app/z', '2');
    await admin.delete('app/z');
    const index = indexOf(await client.call('GET', '/v1/kv/app/?recurse'));
    server.state.reapTombstones();
    const answer = await client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=100ms`);
    expect(indexOf(answer)).toBeLessThan(index);
  });

  it('refuses, resets or fails (500) requests in an outage, ending pending queries, and logs them', async () => {
    const index = server.state.lastIndex;
    const pending = client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=5s`);
    await waitFor(() => server.pendingQueries === 1, 'the query to block');
    await server.outage('unavailable');
    expect((await pending).status).toBe(500);
    expect((await client.call('GET', '/v1/kv/app/?recurse')).status).toBe(500);
    await server.outage('reset');
    await expect(client.call('GET', '/v1/kv/app/?recurse')).rejects.toThrow(/socket hang up|ECONNRESET/);
    await server.outage('refuse');
    await expect(client.call('GET', '/v1/kv/app/?recurse')).rejects.toThrow(/ECONNREFUSED/);
    await admin.put('app/a', 'written during the outage');
    await server.restore();
    expect((await client.call('GET', '/v1/kv/app/?recurse')).status).toBe(200);
    expect(server.requests.filter((r) => r.duringOutage).map((r) => r.method)).toEqual(['GET', 'RESET']);
    expect(server.outages.map((o) => [o.mode, o.end !== undefined])).toEqual([
      ['unavailable', true],
      ['reset', true],
      ['refuse', true],
    ]);
  });

  it('counts requests in flight at once', async () => {
    server.resetLog();
    const index = server.state.lastIndex;
    const first = client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=5s`);
    const second = client.call('GET', `/v1/kv/app/?recurse&index=${index}&wait=5s`);
    await waitFor(() => server.pendingQueries === 2, 'both to block');
    await admin.put('app/a', '2');
    await Promise.all([first, second]);
    expect(server.maxInFlight).toBe(2);
  });

  it('misreports the index or stalls reads when told to', async () => {
    server.faults.reportIndex = () => 0;
    expect(indexOf(await client.call('GET', '/v1/kv/app/?recurse'))).toBe(0);
    server.faults.stall = true;
    let settled = false;
    const stalled = client.call('GET', '/v1/kv/app/?recurse').finally(() => (settled = true));
    stalled.catch(() => undefined); // close() drops it
    await waitFor(() => server.requests.length === 2, 'the stalled read to arrive');
    server.faults.stall = false;
    // A later read answered shows the server has been through the stalled one, and left it unanswered.
    expect((await client.call('GET', '/v1/kv/app/?recurse')).status).toBe(200);
    expect(settled).toBe(false);
  });

  it('applies at most 128 operations and 512 KiB per transaction and answers cas writes with false when stale', async () => {
    const ops = Array.from({ length: 129 }, (_, i) => ({ KV: { Verb: 'set', Key: `app/many/${i}`, Value: '' } }));
    expect((await admin.call('PUT', '/v1/txn', JSON.stringify(ops))).status).toBe(413);
    const fits = [{ KV: { Verb: 'set', Key: 'app/big', Value: 'x'.repeat(512 * 1024 - 64) } }];
    expect((await admin.call('PUT', '/v1/txn', JSON.stringify(fits))).status).toBe(200);
    const big = [{ KV: { Verb: 'set', Key: 'app/big', Value: 'x'.repeat(512 * 1024) } }];
    const refused = await admin.call('PUT', '/v1/txn', JSON.stringify(big));
    expect({ status: refused.status, body: refused.body.toString() }).toEqual({
      status: 413,
      body: 'Request body too large, max size: 524288 bytes',
    });
    expect((await admin.call('PUT', '/v1/kv/app/a?cas=1', 'x')).body.toString()).toBe('false');
    const current = server.state.get('app/a').index;
    expect((await admin.call('PUT', `/v1/kv/app/a?cas=${current}`, 'x')).body.toString()).toBe('true');
  });
});

describe('Consul test server ACLs', () => {
  let server: ConsulTestServer;
  const as = (token?: string) => new ConsulKvWriter(server.url, token);

  beforeEach(async () => {
    const tokens = { root: 'management' as const, reader: { read: ['app/'] }, partial: { read: ['app/public/'] } };
    server = await ConsulTestServer.start({ acl: { tokens } });
    await as('root').setMany({ 'app/public/a': '1', 'app/secret': '2' });
  }, HOOK_TIMEOUT_MS);
  afterEach(() => server.close(), HOOK_TIMEOUT_MS);

  it('denies anonymous and unknown tokens, filters what a token cannot read, and checks writes', async () => {
    expect((await as().call('GET', '/v1/kv/app/?recurse')).status).toBe(403);
    const unknown = await as('nobody').call('GET', '/v1/kv/app/?recurse');
    expect([unknown.status, unknown.body.toString()]).toEqual([403, 'ACL not found']);
    expect(keysOf(await as('reader').call('GET', '/v1/kv/app/?recurse'))).toEqual(['app/public/a', 'app/secret']);
    const partial = await as('partial').call('GET', '/v1/kv/app/?recurse');
    expect([keysOf(partial), partial.headers['x-consul-results-filtered-by-acls']]).toEqual([['app/public/a'], 'true']);
    expect((await as('partial').call('GET', '/v1/kv/other/?recurse')).status).toBe(403);
    expect((await as('reader').call('PUT', '/v1/kv/app/a', 'x')).status).toBe(403);
    expect((await as('reader').call('GET', '/v1/snapshot')).status).toBe(403);
    expect(
      (await new ConsulKvWriter(server.url).call('GET', '/v1/kv/app/?recurse', undefined, { authorization: 'Bearer reader' })).status,
    ).toBe(200);
  });
});
