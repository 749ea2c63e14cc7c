import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';

/**
 * A loopback TCP proxy in front of one server, which a test can cut — every open connection is
 * destroyed and new ones are reset as they arrive, like a network partition — and restore, on the
 * same port throughout. Put it between a source and its backend to test resume after a
 * disconnect (see the conformance kit's `disconnect` / `reconnect`).
 *
 * @example
 * ```ts
 * const proxy = await TcpCutProxy.start('127.0.0.1:2379');
 * const source = new EtcdConfigSource({ hosts: [proxy.endpoint], prefix: '/app/' });
 * proxy.cut();      // the source sees its connection reset
 * proxy.restore();  // and reconnects
 * ```
 */
export class TcpCutProxy {
  /** Connections accepted since the proxy started. */
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private frozen = false;
  private freezeMarker: Buffer | undefined;
  /** Times the trap set by `trapOn` was sprung. */
  sprung = 0;
  private trap?: ProxyTrap;
  /** Client connections whose replies are held (never delivered) or whose requests are dropped. */
  private readonly held = new Set<Socket>();
  private readonly dropping = new Set<Socket>();
  /** Client connections whose requests wait for `releaseRequests()`: what they sent, and how to pass it on. */
  private readonly delayed = new Map<Socket, { readonly chunks: Buffer[]; readonly push: (chunk: Buffer) => void }>();

  private constructor(
    private readonly server: Server,
    /** The port clients connect to. */
    readonly port: number,
    private target: { readonly host: string; readonly port: number },
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts a proxy on a free 127.0.0.1 port in front of `host:port` (a `scheme://` prefix is ignored). */
  static async start(target: string): Promise<TcpCutProxy> {
    const parsed = parseTarget(target);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new TcpCutProxy(server, port, parsed);
  }

  /** `127.0.0.1:<port>`: what a client dials instead of the target. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://${this.endpoint}`;
  }

  /** Whether the proxy is cut now. */
  get isCut(): boolean {
    return this.cutOff;
  }

  /** Destroys every open connection and resets new ones until `restore()`. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * Passes traffic until a chunk from the server contains `marker`, passes that chunk, then
   * freezes: open connections stay open but nothing more crosses them either way, and new ones are
   * reset — a server that stops answering right after one chosen response (say, between a read and
   * the request that follows it). `restore()` lifts it.
   */
  freezeAfter(marker: Buffer | string): void {
    this.freezeMarker = Buffer.from(marker);
  }

  /** Whether the proxy froze after the marker of `freezeAfter()`. */
  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Lets connections through again. */
  restore(): void {
    this.cutOff = this.frozen = false;
    this.freezeMarker = undefined;
  }

  /**
   * Springs once a client sends a chunk holding `trap.marker` (a value of the request, written
   * plain in its protobuf; a marker split across two chunks is missed): `hold-replies` delivers
   * that chunk but holds back everything the server sends on that connection from then on (a reply
   * lost after the request applied); `drop-requests` drops that chunk and the rest the client sends
   * on it (a request that never arrived); `delay-requests` keeps that chunk and the rest the client
   * sends on it until `releaseRequests()` (a request that arrives late, while replies and stream
   * events keep flowing). With `refuseNew`, connections opened after it are reset.
   */
  trapOn(trap: ProxyTrap): void {
    this.trap = trap;
  }

  /** Passes on what `delay-requests` kept, in order, and disarms the trap. */
  releaseRequests(): void {
    this.trap = undefined;
    for (const [client, { chunks, push }] of this.delayed) {
      this.delayed.delete(client);
      chunks.forEach(push);
    }
  }

  /** Sends new connections to another server and destroys the open ones: the backend swapped behind one address. */
  retarget(target: string): void {
    this.target = parseTarget(target);
    for (const socket of this.sockets) socket.destroy();
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.cutOff || this.frozen || (this.sprung && this.trap?.refuseNew)) {
      client.resetAndDestroy();
      return;
    }
    this.connections++;
    const upstream = connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(from);
      from.pipe(this.gate(from === upstream, client)).pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  /** What crosses one way of a connection: nothing once frozen or trapped; the server side checks for the freeze marker, the client side for the trap's. */
  private gate(fromServer: boolean, client: Socket): Transform {
    const gate: Transform = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        if (this.frozen || (fromServer ? this.held : this.dropping).has(client)) return done();
        const kept = fromServer ? undefined : this.delayed.get(client);
        if (kept) {
          kept.chunks.push(chunk);
          return done();
        }
        if (!fromServer && this.trap && !this.held.has(client) && chunk.includes(this.trap.marker)) {
          this.sprung++;
          if (this.trap.action === 'delay-requests') {
            this.delayed.set(client, { chunks: [chunk], push: (kept) => void gate.push(kept) });
            return done();
          }
          (this.trap.action === 'drop-requests' ? this.dropping : this.held).add(client);
          if (this.trap.action === 'drop-requests') return done();
        }
        if (fromServer && this.freezeMarker && chunk.includes(this.freezeMarker)) {
          this.freezeMarker = undefined;
          this.frozen = true;
        }
        done(null, chunk);
      },
    });
    return gate;
  }
}

/** `host:port` (a `scheme://` prefix is ignored). */
function parseTarget(target: string): { host: string; port: number } {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)\/?$/.exec(target);
  if (!match) throw new Error(`TcpCutProxy needs host:port, got '${target}'`);
  return { host: match[1], port: Number(match[2]) };
}

/** What `TcpCutProxy.trapOn` does once a client sends `marker`. */
export interface ProxyTrap {
  readonly marker: Buffer;
  readonly action: 'hold-replies' | 'drop-requests' | 'delay-requests';
  /** Reset connections opened after it sprung (a client of its own cannot get through either). */
  readonly refuseNew?: boolean;
}
