import type { ServerDuplexStream, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { ConfigKey, NacosPayload } from '@config-center/nacos/protocol';
import type { NacosConfigStore } from './nacos-config-store';
import type { NacosRequestHandlers } from './nacos-request-handlers';
import type { NacosRuntime } from './nacos-runtime';
import type { NacosTestAuth } from './nacos-test-auth';
import { NacosTestConnection, type NacosPushPolicy } from './nacos-test-connection';

/** What the registry serves calls with. */
export interface NacosRegistryParts {
  readonly runtime: NacosRuntime;
  readonly store: NacosConfigStore;
  readonly handlers: NacosRequestHandlers;
  readonly auth: NacosTestAuth | undefined;
  readonly policy: NacosPushPolicy;
  /** Whether the server negotiates abilities (2.2+): says so in the server check and acks a setup. */
  readonly negotiates: boolean;
  /** Called with each ack of a pending push. */
  acked(): void;
}

/**
 * The test server's connections, each one HTTP/2 transport known by its peer address, as
 * GrpcRequestAcceptor and GrpcBiStreamRequestAcceptor (alibaba/nacos 3.0.3) know them by the
 * transport's connection id. A connection the server dropped counts as a closed transport, as
 * Nacos's `GrpcConnection.close()` closes the channel: every later call on it fails UNAVAILABLE,
 * so a client that keeps its channel after a drop (instead of opening a new one) stays cut off.
 */
export class NacosConnectionRegistry {
  private readonly connections = new Map<string, NacosTestConnection>();
  private readonly closedPeers = new Set<string>();

  constructor(private readonly parts: NacosRegistryParts) {}

  /** Peers that have connected since the server started, live or dropped. */
  get peersSeen(): number {
    return new Set([...this.connections.keys(), ...this.closedPeers]).size;
  }

  /** Pushes a change to every connection listening to `key`. */
  changed(key: ConfigKey): void {
    for (const connection of this.connections.values()) if (connection.listensTo(key)) connection.push(key);
  }

  /** Drops one connection (its pushes went unacked) or, without one, all: their transports count as closed. */
  drop(only?: NacosTestConnection): void {
    for (const connection of only ? [only] : [...this.connections.values()]) {
      connection.close();
      this.connections.delete(connection.peer);
      this.closedPeers.add(connection.peer);
    }
  }

  /** Answers a unary call: the server check, the unregistered refusal, an auth refusal or the handler's answer. */
  onRequest(call: ServerUnaryCall<NacosPayload, NacosPayload>, done: sendUnaryData<NacosPayload>): void {
    const { runtime, handlers, auth } = this.parts;
    const peer = call.getPeer();
    if (this.closedPeers.has(peer)) return done({ code: runtime.grpc.status.UNAVAILABLE, details: 'the server closed this connection' });
    const request = runtime.protocol.fromPayload(call.request);
    const connection = this.connections.get(peer);
    let reply = handlers.unregistered();
    if (request.type === 'ServerCheckRequest') reply = handlers.serverCheck(this.connectionOf(peer), request, this.parts.negotiates);
    else if (connection?.registered) {
      // HealthCheckRequestHandler is not @Secured: a health check needs no token.
      const refusal = request.type === 'HealthCheckRequest' ? undefined : auth?.refusal(request.body.headers);
      reply = refusal ? handlers.noRight(request, refusal) : handlers.handle(connection, request);
    }
    done(null, runtime.protocol.toPayload(reply.type, reply.body));
  }

  /** Serves a bi-stream: the setup registers its connection; responses ack pushes. */
  onStream(call: ServerDuplexStream<NacosPayload, NacosPayload>): void {
    const peer = call.getPeer();
    if (this.closedPeers.has(peer)) return void call.end();
    const forget = () => {
      const connection = this.connections.get(peer);
      if (connection?.stream === call) this.drop(connection);
    };
    call.on('data', (payload: NacosPayload) => {
      const message = this.parts.runtime.protocol.fromPayload(payload);
      if (message.type === 'ConnectionSetupRequest')
        this.connectionOf(peer).register(call, this.parts.negotiates && message.body.abilityTable != null);
      else if (message.type.endsWith('Response') && typeof message.body.requestId === 'string') {
        if (this.connections.get(peer)?.ack(message.body.requestId)) this.parts.acked();
      }
    });
    call.on('end', forget);
    call.on('error', forget);
    call.on('cancelled', forget);
  }

  private connectionOf(peer: string): NacosTestConnection {
    let connection = this.connections.get(peer);
    if (!connection) {
      const { runtime, store, policy } = this.parts;
      connection = new NacosTestConnection(`${Date.now()}_${peer.replace(':', '_')}`, peer, policy, { protocol: runtime.protocol, store });
      this.connections.set(peer, connection);
    }
    return connection;
  }
}
