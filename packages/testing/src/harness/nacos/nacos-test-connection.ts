import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { ConfigKey, NacosPayload } from '@config-center/nacos/protocol';
import type { NacosConfigStore } from './nacos-config-store';
import type { NacosRuntime } from './nacos-runtime';

/** A push sent and not yet acked, and how many times it went out. */
interface PendingPush {
  readonly key: ConfigKey;
  tries: number;
  timer: NodeJS.Timeout | undefined;
}

/** How a connection pushes: retry pacing and what a fault does to a push on the wire. */
export interface NacosPushPolicy {
  /** Delay before the n-th resend is `n × retryDelayMs` (Nacos: n × 2 s, RpcConfigChangeNotifier). */
  readonly retryDelayMs: number;
  /** Sends before an unacked push drops the connection (Nacos: `nacos.config.push.maxRetryTime`, 50). */
  readonly maxTries: number;
  /** Whether this send is lost on the wire (a fault). */
  lose(key: ConfigKey): boolean;
  /** Called once the connection was dropped for unacked pushes. */
  dropped(connection: NacosTestConnection): void;
}

/**
 * One client connection: one HTTP/2 transport, known by its peer address, carrying the unary
 * requests and the bi-stream. It is registered once the stream's `ConnectionSetupRequest` came
 * (GrpcBiStreamRequestAcceptor); before that, requests are refused as unregistered.
 */
export class NacosTestConnection {
  stream: ServerDuplexStream<NacosPayload, NacosPayload> | undefined;
  registered = false;
  closed = false;
  /** The configs this connection listens to (by group key), from its batch-listen requests. */
  readonly listening = new Map<string, ConfigKey>();
  private readonly pending = new Map<string, PendingPush>();
  private nextRequestId = 1;

  constructor(
    readonly connectionId: string,
    readonly peer: string,
    private readonly policy: NacosPushPolicy,
    private readonly runtime: { readonly protocol: NacosRuntime['protocol']; readonly store: NacosConfigStore },
  ) {}

  /**
   * Registers the connection on its stream's `ConnectionSetupRequest`; one that came with an ability
   * table (even empty) is answered with a `SetupAckRequest` (GrpcBiStreamRequestAcceptor).
   */
  register(stream: ServerDuplexStream<NacosPayload, NacosPayload>, ackSetup: boolean): void {
    this.stream = stream;
    this.registered = true;
    if (ackSetup) stream.write(this.runtime.protocol.toPayload('SetupAckRequest', { abilityTable: {}, headers: {}, requestId: '' }));
  }

  /** Pushes a `ConfigChangeNotifyRequest` for `key` and expects its ack by `requestId`; resends until acked. */
  push(key: ConfigKey): void {
    if (!this.registered || this.closed) return;
    const requestId = `${this.connectionId}-${this.nextRequestId++}`;
    const push: PendingPush = { key, tries: 0, timer: undefined };
    this.pending.set(requestId, push);
    this.send(requestId, push);
  }

  /** An ack on the stream: the push of that `requestId` is done. Returns whether one was pending. */
  ack(requestId: string): boolean {
    const push = this.pending.get(requestId);
    if (!push) return false;
    clearTimeout(push.timer);
    this.pending.delete(requestId);
    return true;
  }

  /** How many pushes wait for their ack. */
  get unacked(): number {
    return this.pending.size;
  }

  /** Whether the connection listens to `key`. */
  listensTo(key: ConfigKey): boolean {
    return this.listening.has(this.runtime.store.groupKey(key));
  }

  /** Ends the stream and forgets the pushes: the client sees its connection go. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.registered = false;
    for (const push of this.pending.values()) clearTimeout(push.timer);
    this.pending.clear();
    try {
      this.stream?.end();
    } catch {
      // The stream is already gone with its transport.
    }
  }

  private send(requestId: string, push: PendingPush): void {
    if (this.closed) return;
    if (push.tries >= this.policy.maxTries) {
      this.close();
      this.policy.dropped(this);
      return;
    }
    push.tries++;
    const body = { ...push.key, requestId, module: 'config', headers: {} };
    if (!this.policy.lose(push.key)) this.stream?.write(this.runtime.protocol.toPayload('ConfigChangeNotifyRequest', body));
    push.timer = setTimeout(() => this.send(requestId, push), push.tries * this.policy.retryDelayMs);
  }
}
