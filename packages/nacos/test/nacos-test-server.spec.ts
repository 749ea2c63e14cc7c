import { Channel, credentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { contentMd5, fromPayload, nacosGrpcServices, toPayload, type NacosMessage, type NacosPayload } from '@config-center/nacos/protocol';
import { NacosTestServer, waitFor } from '@config-center/testing/harness';

type Unary = (payload: NacosPayload, callback: (error: ServiceError | null, reply?: NacosPayload) => void) => void;

/** A bare protocol client, one channel, so the test sees the server's answers as they are. */
class RawClient {
  readonly received: NacosMessage[] = [];
  private readonly channel: Channel;
  private readonly unary: Unary;
  private stream: ClientDuplexStream<NacosPayload, NacosPayload> | undefined;

  constructor(private readonly target: string) {
    const { Request } = nacosGrpcServices();
    this.channel = new Channel(target, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
    const client = new Request(target, credentials.createInsecure(), { channelOverride: this.channel });
    this.unary = (payload, callback) => client.request.call(client, payload, callback);
  }

  request(type: string, body: object = {}): Promise<NacosMessage> {
    return new Promise((resolve, reject) =>
      this.unary(toPayload(type, body), (error, reply) => (error ? reject(error) : resolve(fromPayload(reply!)))),
    );
  }

  setUp(): void {
    const { BiRequestStream } = nacosGrpcServices();
    const client = new BiRequestStream(this.target, credentials.createInsecure(), { channelOverride: this.channel });
    const stream: ClientDuplexStream<NacosPayload, NacosPayload> = client.requestBiStream.call(client);
    this.stream = stream;
    this.stream.on('data', (payload: NacosPayload) => this.received.push(fromPayload(payload)));
    this.stream.on('error', () => undefined);
    this.stream.write(toPayload('ConnectionSetupRequest', { clientVersion: 'test', tenant: '', labels: {}, abilityTable: {} }));
  }

  ack(requestId: string): void {
    this.stream!.write(toPayload('ConfigChangeNotifyResponse', { requestId, resultCode: 200 }));
  }

  close(): void {
    this.stream?.cancel();
    this.channel.close();
  }
}

describe('NacosTestServer speaks the Nacos gRPC protocol', () => {
  let server: NacosTestServer;
  let client: RawClient;
  const key = { dataId: 'a.yaml', group: 'DEFAULT_GROUP', tenant: '' };

  beforeEach(async () => {
    server = await NacosTestServer.start({ pushRetryDelayMs: 50, maxPushTries: 3 });
    client = new RawClient(`127.0.0.1:${server.grpcPort}`);
  }, 20_000);
  afterEach(async () => {
    client.close();
    await server.stop();
  }, 20_000);

  const registered = async () => {
    expect((await client.request('ServerCheckRequest')).body).toMatchObject({ resultCode: 200, connectionId: expect.any(String) });
    client.setUp();
    await waitFor(() => client.received.find((m) => m.type === 'SetupAckRequest'), 'the setup ack');
  };

  it('refuses requests before the connection setup as unregistered (301), then answers them', async () => {
    await client.request('ServerCheckRequest');
    expect((await client.request('HealthCheckRequest')).body).toMatchObject({ resultCode: 500, errorCode: 301 });
    client.setUp();
    await waitFor(() => client.received.find((m) => m.type === 'SetupAckRequest'), 'the setup ack');
    expect(await client.request('HealthCheckRequest')).toMatchObject({ type: 'HealthCheckResponse', body: { resultCode: 200 } });
  });

  it('answers a missing config as Nacos does: query 500/300, and md5 "" is up to date in a listen', async () => {
    await registered();
    expect((await client.request('ConfigQueryRequest', key)).body).toMatchObject({
      resultCode: 500,
      errorCode: 300,
      message: 'config data not exist',
    });
    const listen = await client.request('ConfigBatchListenRequest', { listen: true, configListenContexts: [{ ...key, md5: '' }] });
    expect(listen.body.changedConfigs).toEqual([]);
  });

  it('publishes with casMd5 (a stale md5 loses), folds a blank tenant into public, and lists changed md5s', async () => {
    await registered();
    expect((await client.request('ConfigPublishRequest', { ...key, content: 'a: 1' })).body.resultCode).toBe(200);
    const stale = await client.request('ConfigPublishRequest', { ...key, tenant: 'public', content: 'a: 2', casMd5: contentMd5('a: 0') });
    expect(stale.body).toMatchObject({ resultCode: 500 });
    const query = await client.request('ConfigQueryRequest', { ...key, tenant: 'public' });
    expect(query.body).toMatchObject({ content: 'a: 1', md5: contentMd5('a: 1') });
    const listen = await client.request('ConfigBatchListenRequest', { listen: true, configListenContexts: [{ ...key, md5: '' }] });
    expect(listen.body.changedConfigs).toEqual([{ dataId: 'a.yaml', group: 'DEFAULT_GROUP', tenant: '' }]);
  });

  it('pushes a change to a listener, resends it until acked by requestId, and drops the connection after maxPushTries', async () => {
    await registered();
    await client.request('ConfigBatchListenRequest', { listen: true, configListenContexts: [{ ...key, md5: '' }] });
    server.publish('a.yaml', 'a: 1');
    const push = await waitFor(() => client.received.find((m) => m.type === 'ConfigChangeNotifyRequest'), 'the push');
    expect(push.body).toMatchObject({ dataId: 'a.yaml', group: 'DEFAULT_GROUP', requestId: expect.any(String) });
    client.ack(String(push.body.requestId));
    await waitFor(() => server.counts.acked === 1, 'the ack');
    server.publish('a.yaml', 'a: 2');
    await waitFor(() => server.counts.droppedUnacked === 1, 'the drop for an unacked push');
    expect(server.counts.pushed).toBe(4);
    // Nacos closes the dropped connection's transport: nothing more goes over it.
    await expect(client.request('HealthCheckRequest')).rejects.toMatchObject({ code: 14 });
  });
});
