import { Agent, createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** A real HTTP server on a loopback port that answers `{ server: name }` after `delayMs`, and counts what it sees. */
export class UpstreamServer {
  requests = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly name: string,
    private readonly server: Server,
    readonly url: string,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(name: string, delayMs = 0): Promise<UpstreamServer> {
    const server = createServer((req, res) => {
      const reply = () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ server: name, path: req.url }));
      if (req.url === '/health' || delayMs === 0) reply();
      else setTimeout(reply, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const upstream = new UpstreamServer(name, server, `http://127.0.0.1:${port}`);
    server.on('request', () => upstream.requests++);
    return upstream;
  }

  /** Client connections open now: a pool that was closed leaves none. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A real HTTP client pool: keep-alive sockets to one upstream through a Node `Agent`. `open` checks
 * the upstream answers before the pool is handed out; `close` destroys every socket, and any later
 * request fails — so a call that ran on a disposed pool would show up as a failure.
 */
export class HttpClientPool {
  inFlight = 0;
  closedAt: number | undefined;
  lastCompletionAt = 0;
  private readonly agent: Agent;

  private constructor(
    readonly url: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  static async open(config: { url: string; maxSockets: number }): Promise<HttpClientPool> {
    const pool = new HttpClientPool(config.url, config.maxSockets);
    try {
      await pool.get('/health');
      return pool;
    } catch (error) {
      pool.close();
      throw new Error(`upstream ${config.url} does not answer: ${(error as Error).message}`);
    }
  }

  get(path: string): Promise<{ server: string }> {
    if (this.closedAt !== undefined) return Promise.reject(new Error(`pool for ${this.url} is closed`));
    this.inFlight++;
    return new Promise<{ server: string }>((resolve, reject) => {
      const req = request(`${this.url}${path}`, { agent: this.agent, timeout: 2000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`status ${res.statusCode}`))));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    }).finally(() => {
      this.inFlight--;
      this.lastCompletionAt = performance.now();
    });
  }

  close(): void {
    this.closedAt = performance.now();
    this.agent.destroy();
  }
}

/** Captures what is written to stdout and stderr (the streams Nest's `ConsoleLogger` writes to, errors to stderr) until `restore()`. */
export class LogCapture {
  private text = '';
  private readonly originals = { stdout: process.stdout.write, stderr: process.stderr.write };

  constructor() {
    for (const stream of [process.stdout, process.stderr]) {
      stream.write = ((chunk: string | Uint8Array) => {
        this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }) as typeof stream.write;
    }
  }

  /** The lines written so far that contain `text`. */
  linesWith(text: string): string[] {
    return this.text.split('\n').filter((line) => line.includes(text));
  }

  restore(): void {
    process.stdout.write = this.originals.stdout;
    process.stderr.write = this.originals.stderr;
  }
}
