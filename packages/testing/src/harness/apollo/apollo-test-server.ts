import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkAccessKey } from './apollo-access-key';
import { ApolloReleaseStore, DEFAULT_CLUSTER, type ApolloRelease, type ApolloReleaseInput } from './apollo-release-store';
import { appIdOf, pathSegments, pollNotifications, queryConfig, sendStatus, type ApolloRouteContext } from './apollo-routes';
import type { ApolloLoggedRequest, ApolloTestFaults, ApolloTestServerOptions } from './apollo-test-server-options.interface';

/**
 * An Apollo config service for tests, on a loopback port: the two calls of Apollo's "other
 * language client" guide (apolloconfig.com, "Other Language Client Guide", sections 1.3 and 1.4)
 * as Apollo 3.0's config service answers them (`GET /notifications/v2` held up to `holdMs`, then
 * 304; `GET /configs/{appId}/{cluster}/{namespace}` with the cluster fallback, 304 and 404), with
 * access-key signatures (see `checkAccessKey`). Tests publish with `release()`, which stands in for
 * Apollo's portal. Faults: `restart()` (or `stop()`/`start()`) on the same port with the releases
 * kept, `faults.failWith` to fail every request, `dropHeldPolls()` to cut the held polls.
 */
export class ApolloTestServer {
  readonly store = new ApolloReleaseStore();
  readonly faults: ApolloTestFaults = {};
  readonly requests: ApolloLoggedRequest[] = [];
  private readonly held = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly context: ApolloRouteContext;
  private server: Server | undefined;

  private constructor(
    private port: number,
    private readonly options: ApolloTestServerOptions,
  ) {
    this.context = {
      store: this.store,
      holdMs: options.holdMs ?? 60_000,
      hold: (res) => {
        this.held.add(res);
        return () => this.held.delete(res);
      },
    };
  }

  /** Starts a server on a free 127.0.0.1 port. */
  static async start(options: ApolloTestServerOptions = {}): Promise<ApolloTestServer> {
    const server = new ApolloTestServer(0, options);
    await server.start();
    return server;
  }

  /** The config service's address, what a client's `configServerUrl` is. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** How many `/notifications/v2` polls are held now. */
  get heldPolls(): number {
    return this.held.size;
  }

  /** Whether the server is listening. */
  get running(): boolean {
    return this.server !== undefined;
  }

  /** Publishes each namespace's whole key set as a new release (in order, one release message each). */
  release(appId: string, inputs: readonly ApolloReleaseInput[], cluster = DEFAULT_CLUSTER): ApolloRelease[] {
    return this.store.release(appId, cluster, inputs);
  }

  /** Destroys the connections of the held polls; clients see their poll fail. */
  dropHeldPolls(): void {
    for (const res of [...this.held]) res.socket?.destroy();
  }

  /** Stops listening and drops every connection; the releases are kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again, on the same port as before. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** A restart of the config service: stop, then listen again on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server for good. */
  close(): Promise<void> {
    return this.stop();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://apollo');
    const kind = url.pathname === '/notifications/v2' ? 'notifications' : url.pathname.startsWith('/configs/') ? 'configs' : 'other';
    const entry: ApolloLoggedRequest = { kind, url: req.url ?? '/', signed: req.headers.authorization !== undefined };
    this.requests.push(entry);
    res.once('finish', () => (entry.status = res.statusCode));
    if (this.faults.failWith) return sendStatus(res, this.faults.failWith, 'fault injected by the test');
    const segments = kind === 'configs' ? pathSegments(url.pathname, '/configs/') : [];
    const appId = appIdOf(kind, segments, url.searchParams);
    const secrets = this.options.accessKeys?.[appId];
    if (secrets?.length) {
      const refusal = checkAccessKey(req, secrets, this.options.timestampToleranceMs ?? 60_000);
      if (refusal) return sendStatus(res, 401, refusal);
    }
    if (req.method !== 'GET') return sendStatus(res, 405);
    if (kind === 'notifications') return pollNotifications(this.context, url.searchParams, res);
    if (kind === 'configs' && segments.length === 3) return queryConfig(this.context, segments, url.searchParams, res);
    sendStatus(res, 404);
  }
}
