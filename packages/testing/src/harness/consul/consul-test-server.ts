import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tokenOf } from './consul-test-acl';
import { ConsulKvState } from './consul-kv-state';
import { sendError, type ConsulTestFaults, type PendingQuery, type RouteContext, type RouteRequest } from './consul-route-context';
import { route, safeDecode } from './consul-routes';
import type { ConsulOutageMode, ConsulTestServerOptions, LoggedRequest, OutageRecord } from './consul-test-server-options.interface';

export type { ConsulOutageMode, ConsulTestServerOptions, LoggedRequest, OutageRecord } from './consul-test-server-options.interface';

/**
 * A Consul test server: the documented KV HTTP API surface `ConsulConfigSource` uses
 * (`GET/PUT/DELETE /v1/kv/<key>` with `recurse`, `index`, `wait` and its jitter, `X-Consul-Index`,
 * `ModifyIndex`/`CreateIndex`; `PUT /v1/txn`; `GET/PUT /v1/snapshot`; ACL tokens), on a loopback
 * port, with what tests need besides: outages, snapshot restores (the index goes backwards), faults,
 * a request log and in-flight counts. `adminUrl` reaches the same store on a second port that
 * outages never touch and the log ignores, so a test can write while the main address is down.
 */
export class ConsulTestServer {
  readonly state: ConsulKvState;
  readonly faults: ConsulTestFaults = {};
  readonly requests: LoggedRequest[] = [];
  readonly outages: OutageRecord[] = [];
  /** The most requests to the main address that were in progress at once. */
  maxInFlight = 0;
  private inFlight = 0;
  private mode: ConsulOutageMode | undefined;
  private readonly pending = new Set<PendingQuery>();
  private readonly logged = new WeakMap<IncomingMessage, LoggedRequest>();
  private readonly sockets = new Set<Socket>();
  private readonly context: RouteContext;
  private readonly secure: boolean;

  private constructor(
    private readonly main: Server,
    private readonly admin: Server,
    private readonly port: number,
    private readonly adminPort: number,
    options: ConsulTestServerOptions,
  ) {
    this.state = new ConsulKvState(options.startIndex);
    this.secure = options.tls !== undefined;
    this.context = {
      state: this.state,
      acl: options.acl,
      datacenter: options.datacenter ?? 'dc1',
      random: options.random ?? Math.random,
      faults: this.faults,
      track: (query) => {
        this.pending.add(query);
        return () => this.pending.delete(query);
      },
      blocking: (req, blockMs) => {
        const entry = this.logged.get(req);
        if (entry) entry.blockMs = blockMs;
      },
    };
    main.on('connection', (socket: Socket) => this.accept(socket));
    main.on('request', (req: IncomingMessage, res: ServerResponse) => this.onMainRequest(req, res));
    admin.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  /** Starts a server on two free 127.0.0.1 ports. */
  static async start(options: ConsulTestServerOptions = {}): Promise<ConsulTestServer> {
    const [main, port] = await listen(0, options.tls);
    const [admin, adminPort] = await listen(0);
    return new ConsulTestServer(main, admin, port, adminPort, options);
  }

  /** What a client under test connects to: logged, and subject to outages. */
  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** The same store on a port outages never touch, for test writes. */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  /** Blocking queries waiting for a change now. */
  get pendingQueries(): number {
    return this.pending.size;
  }

  /** The current outage, if any. */
  get outageMode(): ConsulOutageMode | undefined {
    return this.mode;
  }

  /** Takes the main address down in `mode` until `restore()`; ends the blocking queries in progress. */
  async outage(mode: ConsulOutageMode): Promise<void> {
    if (this.mode) await this.restore();
    this.mode = mode;
    this.outages.push({ mode, start: performance.now() });
    if (mode === 'unavailable') {
      for (const query of [...this.pending]) query.fail(500, 'No cluster leader');
      return;
    }
    for (const socket of this.sockets) socket.destroy();
    if (mode === 'refuse') await new Promise<void>((resolve) => this.main.close(() => resolve()));
  }

  /** Ends the outage: the main address answers again, on the same port. */
  async restore(): Promise<void> {
    const mode = this.mode;
    if (!mode) return;
    if (mode === 'refuse') await listenOn(this.main, this.port);
    this.mode = undefined;
    this.outages[this.outages.length - 1].end = performance.now();
  }

  /** Clears the request log and the in-flight maximum. */
  resetLog(): void {
    this.requests.length = 0;
    this.outages.length = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Stops both ports and drops every connection and pending query. */
  async close(): Promise<void> {
    this.mode = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.admin.closeAllConnections();
    await Promise.all([this.main, this.admin].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private accept(socket: Socket): void {
    if (this.mode === 'reset') {
      this.log('RESET', '', new URLSearchParams(), false);
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private onMainRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://consul');
    const path = safeDecode(url.pathname.replace(/^\/v1\//, ''));
    this.logged.set(req, this.log(req.method ?? 'GET', path, url.searchParams, tokenOf(req, url.searchParams) !== undefined));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => this.inFlight--);
    if (this.mode === 'unavailable') return sendError(res, 500, 'No cluster leader');
    void this.handle(req, res);
  }

  private log(method: string, path: string, params: URLSearchParams, hasToken: boolean): LoggedRequest {
    const entry: LoggedRequest = { at: performance.now(), method, path, params, hasToken, duringOutage: this.mode !== undefined };
    this.requests.push(entry);
    return entry;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://consul');
    const path = safeDecode(url.pathname.replace(/^\/v1\//, ''));
    const request: RouteRequest = { req, res, path, params: url.searchParams, body: Buffer.concat(chunks) };
    route(this.context, request, req.method ?? 'GET');
  }
}

async function listen(port: number, tls?: { cert: string; key: string }): Promise<[Server, number]> {
  // Blocking queries outlive Node's default request timeout (5 min); Consul has none.
  const settings = { requestTimeout: 0, keepAliveTimeout: 30_000 };
  const server = tls ? (createHttpsServer({ ...settings, ...tls }) as unknown as Server) : createServer(settings);
  await listenOn(server, port);
  return [server, (server.address() as AddressInfo).port];
}

function listenOn(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
