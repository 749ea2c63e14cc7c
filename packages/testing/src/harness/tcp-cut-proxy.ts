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
    if (this.cutOff || this.frozen) {
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
      from.pipe(this.gate(from === upstream)).pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  /** What crosses one way of a connection: nothing once frozen; the server side checks for the freeze marker. */
  private gate(fromServer: boolean): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        if (this.frozen) return done();
        if (fromServer && this.freezeMarker && chunk.includes(this.freezeMarker)) {
          this.freezeMarker = undefined;
          this.frozen = true;
        }
        done(null, chunk);
      },
    });
  }
}

/** `host:port` (a `scheme://` prefix is ignored). */
function parseTarget(target: string): { host: string; port: number } {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)\/?$/.exec(target);
  if (!match) throw new Error(`TcpCutProxy needs host:port, got '${target}'`);
  return { host: match[1], port: Number(match[2]) };
}
