import { NacosConfigSource } from '@config-center/nacos';
import { NacosTestServer, TcpCutProxy, waitFor } from '@config-center/testing/harness';
import { NacosWatchRecorder } from './support/nacos-watch-recorder';

const HOOK_MS = 20_000;

describe('NacosConfigSource under faults of the Nacos test server', () => {
  let server: NacosTestServer;
  let source: NacosConfigSource | undefined;
  let recorder: NacosWatchRecorder | undefined;
  const open = (servers: string[], relistIntervalMs = 60_000) =>
    (source = new NacosConfigSource({
      servers,
      dataIds: ['a.yaml', 'b.yaml'],
      relistIntervalMs,
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
    }));

  beforeEach(async () => {
    server = await NacosTestServer.start({ pushRetryDelayMs: 50, maxPushTries: 2 });
    server.publish('a.yaml', 'a: 1\n');
    server.publish('b.yaml', 'b: 1\n');
  }, HOOK_MS);
  afterEach(async () => {
    recorder?.stop();
    recorder = undefined;
    await source?.close();
    source = undefined;
    await server.stop();
  }, HOOK_MS);

  it('acks each push with the server requestId: nothing is resent', async () => {
    await open([server.address]).load();
    recorder = new NacosWatchRecorder(source!);
    server.publish('a.yaml', 'a: 2\n');
    await recorder.batchWhere((tree) => tree.a === '2', 'the push');
    await waitFor(() => server.counts.acked === 1, 'the ack');
    expect(server.counts.pushed).toBe(1);
  });

  it('catches a lost push at the next periodic re-listen, with both dataIds changed as one batch', async () => {
    await open([server.address], 300).load();
    recorder = new NacosWatchRecorder(source!);
    server.faults.losePushes = true;
    server.store.publish({ dataId: 'a.yaml', group: 'DEFAULT_GROUP', tenant: '' }, 'a: 3\n');
    server.store.publish({ dataId: 'b.yaml', group: 'DEFAULT_GROUP', tenant: '' }, 'b: 3\n');
    const batch = await recorder.batchWhere((tree) => tree.a === '3' || tree.b === '3', 'the re-listen');
    expect(batch.tree).toEqual({ a: '3', b: '3' });
  });

  it('an unacked push drops the connection; the reconnect re-listens and loses no update', async () => {
    await open([server.address]).load();
    recorder = new NacosWatchRecorder(source!);
    server.faults.losePushes = true;
    server.publish('a.yaml', 'a: 4\n');
    await waitFor(() => server.counts.droppedUnacked === 1, 'the dropped connection');
    server.faults.losePushes = false;
    await recorder.batchWhere((tree) => tree.a === '4', 'the update after the reconnect');
  });

  it('dropped connections and a restart on the same port lose no update', async () => {
    await open([server.address]).load();
    recorder = new NacosWatchRecorder(source!);
    server.dropConnections();
    server.publish('a.yaml', 'a: 5\n');
    await recorder.batchWhere((tree) => tree.a === '5', 'the update after the drop');
    await server.stop();
    server.publish('b.yaml', 'b: 6\n');
    await server.resume();
    await recorder.batchWhere((tree) => tree.b === '6', 'the update made while the server was down');
  });

  it('gives each source its own transport, so both get their pushes', async () => {
    const first = open([server.address]);
    const second = new NacosConfigSource({ servers: [server.address], dataIds: ['a.yaml'] });
    try {
      await Promise.all([first.load(), second.load()]);
      expect(server.transportsSeen).toBe(2);
      const firstRecorder = (recorder = new NacosWatchRecorder(first));
      const secondRecorder = new NacosWatchRecorder(second);
      server.publish('a.yaml', 'a: 7\n');
      await firstRecorder.batchWhere((tree) => tree.a === '7', 'the push to the first source');
      await secondRecorder.batchWhere((tree) => tree.a === '7', 'the push to the second source');
      secondRecorder.stop();
    } finally {
      await second.close();
    }
  });

  it('reconnects on a new transport after a drop: the dropped one stays closed', async () => {
    await open([server.address]).load();
    recorder = new NacosWatchRecorder(source!);
    server.dropConnections();
    server.publish('a.yaml', 'a: 8\n');
    await recorder.batchWhere((tree) => tree.a === '8', 'the update after the drop');
    expect(server.transportsSeen).toBe(2);
  });

  it('health-checks a quiet connection: a server gone silent is left, and the update made meanwhile arrives', async () => {
    const proxy = await TcpCutProxy.start(`127.0.0.1:${server.grpcPort}`);
    try {
      source = new NacosConfigSource({
        servers: ['127.0.0.1:1'],
        grpcPort: Number(proxy.endpoint.split(':')[1]),
        dataIds: ['a.yaml', 'b.yaml'],
        relistIntervalMs: 600_000,
        healthCheckIntervalMs: 100,
        requestTimeoutMs: 300,
        retry: { initialDelayMs: 50, maxDelayMs: 200 },
      });
      await source.load();
      recorder = new NacosWatchRecorder(source);
      proxy.freezeAfter('HealthCheckResponse');
      await waitFor(() => proxy.isFrozen, 'the frozen connection');
      server.publish('a.yaml', 'a: 9\n');
      await waitFor(
        () => recorder!.events.find((event) => event.kind === 'state' && event.state === 'reconnecting'),
        'the lost connection',
      );
      proxy.restore();
      await recorder.batchWhere((tree) => tree.a === '9', 'the update made while the server was silent');
    } finally {
      await proxy.close();
    }
  });

  it('fails over to the next server of the list: a load that failed on one is retried on the next', async () => {
    const dead = await NacosTestServer.start();
    await dead.stop();
    expect(
      (
        await open([dead.address, server.address])
          .load()
          .catch(() => source!.load())
      ).tree,
    ).toEqual({ a: '1', b: '1' });
  });
});
