import type { Server, ServerDuplexStream, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { ConfigKey, NacosPayload } from '@config-center/nacos/protocol';
import { freePort } from '../free-port';
import { NacosConfigStore } from './nacos-config-store';
import { NacosRequestHandlers } from './nacos-request-handlers';
import { NacosTestAuth } from './nacos-test-auth';
import { loadNacosRuntime, type NacosRuntime } from './nacos-runtime';
import { NacosConnectionRegistry } from './nacos-connection-registry';
import type { NacosPushPolicy } from './nacos-test-connection';
import type { NacosTestConfigKey, NacosTestFaults, NacosTestServerOptions } from './nacos-test-server-options.interface';

export type { NacosTestConfigKey, NacosTestFaults, NacosTestServerOptions } from './nacos-test-server-options.interface';

/**
 * A Nacos config server on the 2.x/3.x gRPC client protocol (our `nacos-grpc.proto`, the field
 * numbers of Nacos's `nacos_grpc_service.proto`; behaviour read from alibaba/nacos 3.0.3), on a free
 * loopback port: a connection is one HTTP/2 transport, known by its peer address; `ServerCheckRequest`
 * gives it an id; the `ConnectionSetupRequest` on its bi-stream registers it and is answered with a
 * `SetupAckRequest`, and until then every other request gets `UN_REGISTER` (301); batch listen
 * answers the configs whose md5 differs; publishes and removes push a `ConfigChangeNotifyRequest` to
 * every connection listening, resent until acked by its `requestId`, and the connection is dropped
 * after `maxPushTries`; a missing config is md5 "" and queries as `CONFIG_NOT_FOUND` (300); a blank
 * tenant is `public`. Faults: lost pushes, dropped connections, a restart on the same port (the
 * store survives). `address` is the main port (gRPC port − 1000), as a client's server list names it.
 */
export class NacosTestServer {
  readonly store: NacosConfigStore;
  readonly faults: NacosTestFaults = {};
  /** Pushes written to a stream, lost by a fault, and acked; connections dropped for unacked pushes. */
  readonly counts = { pushed: 0, lost: 0, acked: 0, droppedUnacked: 0 };
  private server: Server | undefined;
  private readonly connections: NacosConnectionRegistry;
  private readonly policy: NacosPushPolicy;
  private readonly handlers: NacosRequestHandlers;
  /** The auth plugin, when `auth` was given: its logins and tokens. */
  readonly auth: NacosTestAuth | undefined;

  private constructor(
    private readonly runtime: NacosRuntime,
    readonly grpcPort: number,
    options: NacosTestServerOptions,
  ) {
    this.store = new NacosConfigStore(runtime.protocol);
    this.auth = options.auth && new NacosTestAuth(options.auth);
    this.handlers = new NacosRequestHandlers(runtime.protocol, this.store, (key) => this.changed(key));
    this.policy = {
      retryDelayMs: options.pushRetryDelayMs ?? 100,
      maxTries: options.maxPushTries ?? 3,
      lose: (key) => this.losePush(key),
      dropped: (connection) => {
        this.counts.droppedUnacked++;
        this.connections.drop(connection);
      },
    };
    const negotiates = options.abilityNegotiation ?? true;
    const parts = { runtime, store: this.store, handlers: this.handlers, auth: this.auth, policy: this.policy, negotiates };
    this.connections = new NacosConnectionRegistry({ ...parts, acked: () => this.counts.acked++ });
  }

  /** Starts a server on a free loopback port whose main port (the gRPC port − 1000, serving login with `auth`) is above 1024. */
  static async start(options: NacosTestServerOptions = {}): Promise<NacosTestServer> {
    const runtime = await loadNacosRuntime();
    for (let attempt = 1; ; attempt++) {
      let port = await freePort();
      while (port < 2025) port = await freePort();
      const server = new NacosTestServer(runtime, port, options);
      // With auth, the main port (gRPC − 1000) must be free too; another free port is tried if not.
      const started = await server.listen().then(
        () => true,
        (error: unknown) => (attempt < 10 ? false : Promise.reject(error)),
      );
      if (started) return server;
    }
  }

  /** `host:port` of the main port, as `NacosConfigSource`'s `servers` takes it (gRPC on port + 1000). */
  get address(): string {
    return `127.0.0.1:${this.grpcPort - 1000}`;
  }

  /** Publishes `content` as a client's publish would, pushing to listeners. */
  publish(dataId: string, content: string, where: NacosTestConfigKey = {}): void {
    const key = keyOf(dataId, where);
    this.store.publish(key, content);
    this.changed(key);
  }

  /** Removes a config as a client's remove would, pushing to listeners. */
  remove(dataId: string, where: NacosTestConfigKey = {}): void {
    const key = keyOf(dataId, where);
    if (this.store.remove(key)) this.changed(key);
  }

  /** Drops every connection: streams end, requests on them are refused; clients must connect anew. */
  dropConnections(): void {
    this.connections.drop();
  }

  /** Transports (client connections) seen since the server started: each source and each reconnect opens its own. */
  get transportsSeen(): number {
    return this.connections.peersSeen;
  }

  /** Stops at once (every transport goes) and listens again on the same port; the store is kept. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  /** Listens again on the same port after `stop()`: an outage a test ends; writes made meanwhile are kept. */
  resume(): Promise<void> {
    return this.listen();
  }

  /** Stops the server and every connection. */
  async stop(): Promise<void> {
    this.dropConnections();
    this.server?.forceShutdown();
    this.server = undefined;
    await this.auth?.close();
  }

  private changed(key: ConfigKey): void {
    this.connections.changed(key);
  }

  private losePush(key: ConfigKey): boolean {
    const lose = this.faults.losePushes;
    const lost = typeof lose === 'function' ? lose(key) : lose === true;
    this.counts[lost ? 'lost' : 'pushed']++;
    return lost;
  }

  private async listen(): Promise<void> {
    if (this.auth) await this.auth.listen(this.grpcPort - 1000);
    const { grpc, protocol } = this.runtime;
    const { Request, BiRequestStream } = protocol.nacosGrpcServices();
    const server = new grpc.Server();
    server.addService(Request.service, {
      request: (call: ServerUnaryCall<NacosPayload, NacosPayload>, done: sendUnaryData<NacosPayload>) =>
        this.connections.onRequest(call, done),
    });
    server.addService(BiRequestStream.service, {
      requestBiStream: (call: ServerDuplexStream<NacosPayload, NacosPayload>) => this.connections.onStream(call),
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.grpcPort}`, grpc.ServerCredentials.createInsecure(), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    this.server = server;
  }
}

/** A test's config key: group `DEFAULT_GROUP` and the blank (public) tenant unless given. */
const keyOf = (dataId: string, where: NacosTestConfigKey): ConfigKey => ({
  dataId,
  group: where.group ?? 'DEFAULT_GROUP',
  tenant: where.namespace ?? '',
});
