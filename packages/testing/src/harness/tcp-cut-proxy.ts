import { connect, createServer, type Server, type Socket } from 'node:net';

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
  /** Times the trap set by `trapOn` was sprung. */
  sprung = 0;
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  private trap?: ProxyTrap;
  /** Client connections whose replies are held (never delivered) or whose requests are dropped. */
  private readonly held = new Set<Socket>();
  private readonly dropping = new Set<Socket>();

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

  /** Lets connections through again. */
  restore(): void {
    this.cutOff = false;
  }

  /**
   * Springs once a client sends a chunk holding `trap.marker` (a value of the request, written
   * plain in its protobuf; a marker split across two chunks is missed): `hold-replies` delivers
   * that chunk but holds back everything the server sends on that connection from then on (a reply
   * lost after the request applied); `drop-requests` drops that chunk and the rest the client sends
   * on it (a request that never arrived). With `refuseNew`, connections opened after it are reset.
   */
  trapOn(trap: ProxyTrap): void {
    this.trap = trap;
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
    if (this.cutOff || (this.sprung && this.trap?.refuseNew)) {
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
      from.on('data', (chunk: Buffer) => this.forward(client, from === client, chunk, to));
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  /** Passes a chunk on, unless the trap holds or drops it. */
  private forward(client: Socket, request: boolean, chunk: Buffer, to: Socket): void {
    if (!request) return void (this.held.has(client) || to.write(chunk));
    if (this.dropping.has(client)) return;
    if (this.trap && !this.held.has(client) && chunk.includes(this.trap.marker)) {
      this.sprung++;
      if (this.trap.action === 'drop-requests') return void this.dropping.add(client);
      this.held.add(client);
    }
    to.write(chunk);
  }
}

/** What `TcpCutProxy.trapOn` does once a client sends `marker`. */
export interface ProxyTrap {
  readonly marker: Buffer;
  readonly action: 'hold-replies' | 'drop-requests';
  /** Reset connections opened after it sprung (a client of its own cannot get through either). */
  readonly refuseNew?: boolean;
}

/** `host:port` (a `scheme://` prefix is ignored). */
function parseTarget(target: string): { host: string; port: number } {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)\/?$/.exec(target);
  if (!match) throw new Error(`TcpCutProxy needs host:port, got '${target}'`);
  return { host: match[1], port: Number(match[2]) };
}
