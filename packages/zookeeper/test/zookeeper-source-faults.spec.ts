import { createServer, type Server, type Socket } from 'node:net';
import { firstValueFrom, filter, type Subscription } from 'rxjs';
import type { ConfigSourceEvent, ConfigTree } from '@config-center/core';
import { freePort, TcpCutProxy, waitFor, ZooKeeperServer } from '@config-center/testing/harness';
import { ZooKeeperConfigSource } from '@config-center/zookeeper';
import { HOOK_TIMEOUT_MS, ZooKeeperWriter } from './support/zookeeper-writer';

/** What a watch delivered: the last tree and every event. */
function record(source: ZooKeeperConfigSource, loaded: ConfigTree) {
  const seen = { tree: loaded, events: [] as ConfigSourceEvent[], subscription: undefined as Subscription | undefined };
  seen.subscription = source.watch().subscribe((event) => {
    seen.events.push(event);
    if (event.kind === 'replace') seen.tree = event.tree;
  });
  return seen;
}

const valueOf = (tree: ConfigTree, path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

describe('ZooKeeperConfigSource faults (real ZooKeeper)', () => {
  let server: ZooKeeperServer;
  let writer: ZooKeeperWriter;
  let source: ZooKeeperConfigSource | undefined;
  let roots = 0;
  let root: string;

  beforeAll(async () => {
    server = await ZooKeeperServer.start();
    writer = await ZooKeeperWriter.connect(server.connectString);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    writer?.close();
    await server?.close();
  }, HOOK_TIMEOUT_MS);
  beforeEach(async () => {
    root = `/faults/r${++roots}`;
    await writer.set(`${root}/app/value`, 'v1');
  });
  afterEach(async () => {
    server.resume();
    await source?.close();
    source = undefined;
  }, HOOK_TIMEOUT_MS);

  const open = (connect = server.connectString, more: object = {}) =>
    (source = new ZooKeeperConfigSource({
      connect,
      root,
      sessionTimeoutMs: 2000,
      connectTimeoutMs: 1500,
      requestTimeoutMs: 1500,
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      ...more,
    }));

  it('serves an empty tree while the root is missing, and follows it once it is created', async () => {
    root = `${root}/not-yet`;
    const source = open();
    const loaded = await source.load();
    expect(loaded.tree).toEqual({});
    const seen = record(source, loaded.tree);
    await writer.set(`${root}/late/value`, 'here');
    await waitFor(() => valueOf(seen.tree, 'late.value') === 'here', 'the root created after the load', 10_000);
  });

  it('times out a handshake that a server accepts and never answers', async () => {
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => held.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      await expect(open(`127.0.0.1:${port}`, { connectTimeoutMs: 500 }).load()).rejects.toThrow(
        /no session handshake with 127\.0\.0\.1:\d+ within 500 ms/,
      );
      expect(held.length).toBeGreaterThan(0);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.each([1, 2, 3])(
    'converges after a server restart (round %i), reporting reconnecting then connected',
    async () => {
      const source = open();
      const seen = record(source, (await source.load()).tree);
      await server.stop();
      await waitFor(() => seen.events.some((event) => event.kind === 'state' && event.state === 'reconnecting'), 'reconnecting', 10_000);
      await server.begin();
      // The writer's own client may have reconnected into the starting server and hang: use a new one.
      writer.close();
      writer = await ZooKeeperWriter.connect(server.connectString);
      await writer.set(`${root}/app/value`, 'v2');
      await waitFor(() => valueOf(seen.tree, 'app.value') === 'v2', 'the write after the restart', 30_000);
      expect(seen.events.some((event) => event.kind === 'state' && event.state === 'connected')).toBe(true);
    },
    90_000,
  );

  it('converges after the server was paused (SIGSTOP) longer than the session timeout', async () => {
    const source = open();
    const seen = record(source, (await source.load()).tree);
    server.pause();
    // The frozen server holds this write and applies it on resume, as it may expire the session.
    const write = writer.set(`${root}/app/value`, 'v3');
    await waitFor(async () => !(await server.serving()), 'the server to be frozen', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    server.resume();
    await write;
    await waitFor(() => valueOf(seen.tree, 'app.value') === 'v3', 'the write made during the pause', 30_000);
  }, 90_000);

  it('re-reads everything after its session expired while it was cut off', async () => {
    const proxy = await TcpCutProxy.start(server.connectString);
    try {
      const source = open(proxy.endpoint);
      const seen = record(source, (await source.load()).tree);
      proxy.cut();
      await writer.set(`${root}/app/value`, 'v4');
      await writer.set(`${root}/app/added`, 'new');
      await waitFor(() => seen.events.some((event) => event.kind === 'state' && event.state === 'reconnecting'), 'reconnecting', 10_000);
      const expired = firstValueFrom(source.watch().pipe(filter((event) => event.kind === 'state' && event.state === 'connected')));
      // Longer than the 2 s session: the running server expires it, and its watches with it.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      proxy.restore();
      await expired;
      await waitFor(
        () => valueOf(seen.tree, 'app.value') === 'v4' && valueOf(seen.tree, 'app.added') === 'new',
        'the writes made while cut off',
        30_000,
      );
      await writer.set(`${root}/app/value`, 'v5');
      await waitFor(() => valueOf(seen.tree, 'app.value') === 'v5', 'a write on the new session (its watches armed)', 10_000);
    } finally {
      proxy.close();
    }
  }, 90_000);

  it('leaves out and reports a node with non-UTF-8 data or deeper than the limit, and holds back a batch that adds one', async () => {
    await writer.set(`${root}/bad/bytes`, Buffer.from([0xff, 0xfe, 0x41]));
    await writer.set(`${root}/a/b/c/d/e`, 'too deep');
    const source = open(server.connectString, { limits: { maxDepth: 3 } });
    const loaded = await source.load();
    expect(loaded.tree).toEqual({ app: { value: 'v1' } });
    expect(loaded.problems?.map(({ key }) => key).sort()).toEqual([`${root}/a/b/c/d`, `${root}/bad/bytes`]);
    expect(JSON.stringify(loaded.problems)).not.toContain('too deep');
    const seen = record(source, loaded.tree);
    await writer.set(`${root}/app/other`, 'x');
    await writer.multiSet({ [`${root}/app/other`]: 'y', [`${root}/bad/bytes`]: '\u00ff' });
    await writer.set(`${root}/bad/bytes`, Buffer.from([0xc3]));
    await waitFor(() => seen.events.some((event) => event.kind === 'error'), 'the held-back batch', 10_000);
    const error = seen.events.find((event) => event.kind === 'error');
    expect(error?.kind === 'error' && error.error.message).toMatch(new RegExp(`${root}/bad/bytes`));
  }, 60_000);
});
