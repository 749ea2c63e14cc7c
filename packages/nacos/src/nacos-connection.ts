import { Channel, credentials, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { ConfigSourceError } from '@config-center/core/source-kit';
import { fromPayload, nacosGrpcServices, toPayload, type NacosMessage, type NacosPayload } from './protocol/nacos-grpc-services';
import { RESULT_SUCCESS, UN_REGISTER, type ConfigKey } from './protocol/nacos-messages';

/** What a connection tells its owner: a config-change push (already acked), and its end. */
export interface NacosConnectionEvents {
  onPush(key: ConfigKey): void;
  onClosed(): void;
}

type UnaryMethod = (
  payload: NacosPayload,
  options: { deadline: Date },
  callback: (error: ServiceError | null, reply?: NacosPayload) => void,
) => void;

/**
 * One connection to one Nacos server, as the Java client makes it (alibaba/nacos 3.0.3,
 * common/src/main/java/com/alibaba/nacos/common/remote/client/grpc/GrpcClient.java,
 * `connectToServer`): a channel of its own — Nacos
 * knows a connection by its HTTP/2 transport, so a channel shared with another source, or kept
 * across a reconnect, would mix connections up — then `ServerCheckRequest`, the bi-stream, the
 * `ConnectionSetupRequest` on it and the server's `SetupAckRequest` (requests sent before it are
 * refused as unregistered). Pushes on the stream are acked with the server's `requestId`.
 */
export class NacosConnection {
  private closed = false;

  private constructor(
    private readonly channel: Channel,
    private readonly unary: UnaryMethod,
    private readonly stream: ClientDuplexStream<NacosPayload, NacosPayload>,
    private readonly source: string,
    private readonly timeoutMs: number,
  ) {}

  /** Connects to `target` (the gRPC `host:port`), ready for requests once the setup is acked. */
  static async open(
    target: string,
    tenant: string,
    source: string,
    timeoutMs: number,
    events: NacosConnectionEvents,
  ): Promise<NacosConnection> {
    const { Request, BiRequestStream } = nacosGrpcServices();
    const insecure = credentials.createInsecure();
    // A subchannel pool of its own: without it grpc-js shares one transport among channels to one target.
    const channel = new Channel(target, insecure, { 'grpc.use_local_subchannel_pool': 1 });
    const requestClient = new Request(target, insecure, { channelOverride: channel });
    const streamClient = new BiRequestStream(target, insecure, { channelOverride: channel });
    // A client built from a service definition offers each method under its name (`ServiceClient`).
    const unary: UnaryMethod = (payload, options, callback) => requestClient.request.call(requestClient, payload, options, callback);
    const check = await callUnary(unary, 'ServerCheckRequest', { headers: {} }, timeoutMs).catch((error: unknown) => {
      channel.close();
      throw new ConfigSourceError(source, `server ${target} did not answer the server check`, true, { cause: error });
    });
    if (check.body.resultCode !== RESULT_SUCCESS) {
      channel.close();
      throw new ConfigSourceError(source, `server ${target} refused the server check (code ${String(check.body.errorCode)})`, true);
    }
    const stream: ClientDuplexStream<NacosPayload, NacosPayload> = streamClient.requestBiStream.call(streamClient);
    const connection = new NacosConnection(channel, unary, stream, source, timeoutMs);
    await connection.setUp(tenant, target, events, check.body.supportAbilityNegotiation === true);
    return connection;
  }

  /** Sends a request; a refusal as unregistered closes the connection and throws a recoverable error. */
  async request(type: string, body: object): Promise<NacosMessage> {
    if (this.closed) throw new ConfigSourceError(this.source, 'the connection is closed', true);
    let reply: NacosMessage;
    try {
      reply = await callUnary(this.unary, type, { headers: {}, ...body }, this.timeoutMs);
    } catch (error) {
      this.close();
      throw new ConfigSourceError(this.source, `${type} failed`, true, { cause: error });
    }
    if (reply.body.errorCode === UN_REGISTER) {
      this.close();
      throw new ConfigSourceError(this.source, `${type} was refused: the server no longer knows the connection`, true);
    }
    return reply;
  }

  /** Ends the stream and the channel (and so the transport). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.cancel();
    this.channel.close();
  }

  /**
   * Sends the setup and waits for the server's `SetupAckRequest`; a server before 2.2, whose server
   * check says it has no ability negotiation, sends none, and the connection counts as registered
   * after 100 ms, as the Java client's GrpcClient.connectToServer waits for such a server.
   */
  private setUp(tenant: string, target: string, events: NacosConnectionEvents, acked: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = acked
        ? setTimeout(() => fail(new Error('no SetupAckRequest in time')), this.timeoutMs)
        : setTimeout(() => resolve(), 100);
      const fail = (cause: unknown) => {
        clearTimeout(timer);
        this.close();
        reject(new ConfigSourceError(this.source, `server ${target} did not set the connection up`, true, { cause }));
      };
      this.stream.on('data', (payload: NacosPayload) => {
        const message = fromPayload(payload);
        if (message.type === 'SetupAckRequest') {
          clearTimeout(timer);
          resolve();
        }
        this.answer(message, events);
      });
      const ended = (error?: unknown) => {
        const wasOpen = !this.closed;
        if (wasOpen) fail(error ?? new Error('stream ended'));
        if (wasOpen) events.onClosed();
      };
      this.stream.on('error', ended);
      this.stream.on('end', () => ended());
      const setup = {
        clientVersion: 'config-center-nacos/0.1.0',
        tenant,
        labels: { source: 'sdk', module: 'config' },
        abilityTable: {},
        headers: {},
      };
      this.stream.write(toPayload('ConnectionSetupRequest', setup));
    });
  }

  /** Answers a server request on the stream, echoing its `requestId`; a config change goes to the owner after its ack. */
  private answer(message: NacosMessage, events: NacosConnectionEvents): void {
    if (!message.type.endsWith('Request') || this.closed) return;
    const requestId = message.body.requestId;
    const type = message.type.replace(/Request$/, 'Response');
    this.stream.write(toPayload(type, { requestId, resultCode: RESULT_SUCCESS, errorCode: 0, success: true }));
    const body = message.body;
    if (message.type === 'ConfigChangeNotifyRequest')
      events.onPush({ dataId: String(body.dataId ?? ''), group: String(body.group ?? ''), tenant: String(body.tenant ?? '') });
    if (message.type === 'ConnectResetRequest') {
      this.close();
      events.onClosed();
    }
  }
}

function callUnary(unary: UnaryMethod, type: string, body: object, timeoutMs: number): Promise<NacosMessage> {
  return new Promise((resolve, reject) =>
    unary(toPayload(type, body), { deadline: new Date(Date.now() + timeoutMs) }, (error, reply) =>
      error || !reply ? reject(error ?? new Error('no reply')) : resolve(fromPayload(reply)),
    ),
  );
}
