import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of one server, which a test can cut (every open connection is
 * destroyed and new ones are dropped as they arrive, like a network partition that resets) and
 * restore, on the same port throughout.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  /** Connections accepted since the proxy started. */
  connections = 0;

  private constructor(
    private readonly server: Server,
    /** The port clients connect to. */
    readonly port: number,
    readonly target: { readonly host: string; readonly port: number },
  ) {}

  /** Starts a proxy on a free 127.0.0.1 port in front of `host:port`. */
  static async start(target: string): Promise<TcpProxy> {
    const [host, port] = splitHostPort(target);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const proxy = new TcpProxy(server, typeof address === 'object' && address ? address.port : 0, { host, port });
    server.on('connection', (socket) => proxy.accept(socket));
    return proxy;
  }

  /** `127.0.0.1:port`: what a client dials instead of the target. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  get isCut(): boolean {
    return this.cutOff;
  }

  /** Destroys every open connection and drops new ones until `restore()`. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Lets connections through again. */
  restore(): void {
    this.cutOff = false;
  }

  /** Stops listening and destroys every connection. */
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    this.connections++;
    const upstream = connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}

function splitHostPort(target: string): [string, number] {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)$/.exec(target);
  if (!match) throw new Error(`Not a host:port: ${target}`);
  return [match[1], Number(match[2])];
}
