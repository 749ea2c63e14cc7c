import type { ConfigSourceEvent } from '@config-center/core';
import { ApolloConfigSource } from '@config-center/apollo';
import { ApolloTestServer, waitFor } from '@config-center/testing/harness';

/**
 * The watch against the test server's faults: what a poll answer becomes, and that a failed poll, a
 * dropped poll and a restart of the config service lose nothing. Test server only: a real Apollo
 * cannot be restarted or told to fail by a test.
 */
describe('ApolloConfigSource watch (the Apollo test server)', () => {
  let server: ApolloTestServer;
  let source: ApolloConfigSource;
  let events: ConfigSourceEvent[];
  const replaces = () => events.filter((e) => e.kind === 'replace');
  const states = () => events.flatMap((e) => (e.kind === 'state' ? [e.state] : []));
  const lastTree = () => {
    const last = replaces().at(-1);
    return last?.kind === 'replace' ? last.tree : undefined;
  };

  beforeEach(async () => {
    server = await ApolloTestServer.start({ holdMs: 60_000 });
    server.release('orders', [
      { namespace: 'application', configurations: { 'a.value': '1' } },
      { namespace: 'b.yaml', configurations: { content: 'b: 1' } },
    ]);
    source = new ApolloConfigSource({
      configServerUrl: server.url,
      appId: 'orders',
      namespaces: ['application', 'b.yaml'],
      retry: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    await source.load();
    events = [];
  }, 15_000);
  const startWatch = async () => {
    source.watch().subscribe((event) => events.push(event));
    await waitFor(() => server.heldPolls === 1, 'the held poll');
  };
  afterEach(async () => {
    await source.close();
    await server.close();
  }, 15_000);

  it('delivers the namespaces one answer names as ONE batch', async () => {
    // Released after the load and before the first poll: the poll's ids are old for both, and
    // the server names both in one answer.
    server.release('orders', [
      { namespace: 'application', configurations: { 'a.value': '2' } },
      { namespace: 'b.yaml', configurations: { content: 'b: 2' } },
    ]);
    await startWatch();
    await waitFor(() => JSON.stringify(lastTree()) === JSON.stringify({ a: { value: '2' }, b: '2' }), 'both releases');
    expect(replaces()).toHaveLength(1);
  });

  it('loses nothing across a restart of the config service, and reports reconnecting then connected', async () => {
    await startWatch();
    await server.stop();
    await waitFor(() => states().includes('reconnecting'), 'reconnecting');
    server.release('orders', [{ namespace: 'application', configurations: { 'a.value': '3' } }]);
    await server.start();
    await waitFor(() => states().at(-1) === 'connected', 'connected');
    await waitFor(() => JSON.stringify(lastTree()) === JSON.stringify({ a: { value: '3' }, b: '1' }), 'the release made while down');
  });

  it('backs off from failing polls and catches up once they succeed', async () => {
    await startWatch();
    server.faults.failWith = 503;
    server.dropHeldPolls();
    await waitFor(() => server.requests.filter((r) => r.status === 503).length >= 2, 'failed polls');
    expect(states()).toEqual(['reconnecting']);
    server.release('orders', [{ namespace: 'b.yaml', configurations: { content: 'b: 4' } }]);
    server.faults.failWith = undefined;
    await waitFor(() => JSON.stringify(lastTree()) === JSON.stringify({ a: { value: '1' }, b: '4' }), 'the release');
    expect(states()).toEqual(['reconnecting', 'connected']);
  });

  it('holds back a release whose document cannot be read, and applies the next good one', async () => {
    await startWatch();
    server.release('orders', [{ namespace: 'b.yaml', configurations: { content: 'b: [' } }]);
    await waitFor(() => events.some((e) => e.kind === 'error'), 'the held-back error');
    expect(replaces()).toHaveLength(0);
    const error = events.find((e) => e.kind === 'error');
    expect(error?.kind === 'error' && error.error.message).toContain('b.yaml:content');
    server.release('orders', [{ namespace: 'b.yaml', configurations: { content: 'b: 5' } }]);
    await waitFor(() => JSON.stringify(lastTree()) === JSON.stringify({ a: { value: '1' }, b: '5' }), 'the fixed release');
  });
});
