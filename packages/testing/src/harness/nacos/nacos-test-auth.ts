import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Users of the Nacos test server's auth, and how long its tokens live. */
export interface NacosTestAuthOptions {
  /** User name → password. */
  readonly users: Readonly<Record<string, string>>;
  /** Seconds a token lives (Nacos: `nacos.core.auth.plugin.nacos.token.expire.seconds`, 18000); default 18000. */
  readonly tokenTtlSeconds?: number;
}

/**
 * Nacos's default auth plugin as a client meets it (alibaba/nacos 3.0.3): `POST
 * /nacos/v3/auth/user/login` (and the 2.x `/nacos/v1/auth/users/login`) on the main port, with
 * `username` in the query and `password` in the form body, answers `{ accessToken, tokenTtl,
 * globalAdmin }` or 403; a gRPC request must carry a live `accessToken` in its headers, or is
 * answered `NO_RIGHT` (403) by RemoteRequestAuthFilter. Tokens outlive a restart, as JWTs do.
 */
export class NacosTestAuth {
  /** Successful logins so far. */
  logins = 0;
  private readonly tokens = new Map<string, number>();
  private http: Server | undefined;
  private readonly ttlSeconds: number;

  constructor(private readonly options: NacosTestAuthOptions) {
    this.ttlSeconds = options.tokenTtlSeconds ?? 18_000;
  }

  /** Why a request's headers are refused (Nacos's messages), or `undefined` when its token is live. */
  refusal(headers: unknown): string | undefined {
    const token = typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>).accessToken : undefined;
    const expiresAt = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined) return 'token invalid!';
    return Date.now() >= expiresAt ? 'token expired!' : undefined;
  }

  /** Serves the login routes on `port` of the loopback address; rejects when the port is taken. */
  async listen(port: number): Promise<void> {
    const http = createServer((request, response) => this.onLogin(request, response));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => resolve());
    });
    this.http = http;
  }

  /** Stops serving the login routes; tokens are kept. */
  async close(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    http?.closeAllConnections();
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private onLogin(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const isLogin =
      request.method === 'POST' && (url.pathname === '/nacos/v3/auth/user/login' || url.pathname === '/nacos/v1/auth/users/login');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (!isLogin) return void response.writeHead(404).end();
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const username = url.searchParams.get('username') ?? form.get('username') ?? '';
      const password = form.get('password') ?? url.searchParams.get('password');
      if (!(username in this.options.users) || this.options.users[username] !== password) {
        return void response.writeHead(403, { 'content-type': 'text/plain' }).end('user not found!');
      }
      const accessToken = randomBytes(24).toString('hex');
      this.tokens.set(accessToken, Date.now() + this.ttlSeconds * 1000);
      this.logins++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accessToken, tokenTtl: this.ttlSeconds, globalAdmin: false, username }));
    });
  }
}
