import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of etcd that the benchmark cuts (every connection reset, new ones
 * dropped) and restores, on one port throughout.
 */
export class CutProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`, what the source dials. */
    readonly endpoint: string,
  ) {}

  static async start(target: string): Promise<CutProxy> {
    const [host, port] = target.split(':');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const proxy = new CutProxy(server, `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    server.on('connection', (client) => proxy.pipe(client, () => connect(Number(port), host)));
    return proxy;
  }

  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket, dial: () => Socket): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = dial();
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
