import { ConfigSourceError } from '@config-center/core/source-kit';

/** A token and when it must be renewed (ms since the epoch). */
interface HeldToken {
  readonly accessToken: string;
  readonly renewAt: number;
}

/**
 * Nacos auth as the 3.x Java client does it (alibaba/nacos 3.0.3, client-basic/.../auth/impl/
 * process/HttpLoginProcessor.java and NacosClientAuthServiceImpl.java): a form `POST
 * /nacos/v3/auth/user/login?username=…` with the password in the body, falling back to
 * `/nacos/v1/auth/users/login` on a 404 or 501 (Nacos 2.x); the answer's `accessToken` goes in the
 * `headers` of every request, and a new one is fetched once `tokenTtl` (seconds) less a tenth of it
 * has passed, so a request never carries a token about to expire. The password is sent in the body
 * only, and never appears in a message.
 */
export class NacosAuth {
  private token: HeldToken | undefined;

  constructor(
    private readonly username: string,
    private readonly password: string,
    private readonly source: string,
    private readonly timeoutMs: number,
  ) {}

  /** The headers a request carries: a valid `accessToken`, logging in at `server` (`host:port`, main port) when needed. */
  async headers(server: string): Promise<Record<string, string>> {
    if (!this.token || Date.now() >= this.token.renewAt) this.token = await this.login(server);
    return { accessToken: this.token.accessToken };
  }

  /** Forgets the token (the server refused it), so the next request logs in again. */
  forget(): void {
    this.token = undefined;
  }

  private async login(server: string): Promise<HeldToken> {
    let response = await this.post(server, '/nacos/v3/auth/user/login');
    if (response.status === 404 || response.status === 501) response = await this.post(server, '/nacos/v1/auth/users/login');
    if (!response.ok) {
      throw new ConfigSourceError(
        this.source,
        `login as '${this.username}' at ${server} failed (HTTP ${response.status})`,
        response.status >= 500,
      );
    }
    const body = (await response.json().catch(() => ({}))) as { accessToken?: unknown; tokenTtl?: unknown };
    const ttl = Number(body.tokenTtl);
    if (typeof body.accessToken !== 'string' || !(ttl > 0)) {
      throw new ConfigSourceError(this.source, `login at ${server} answered without an accessToken and tokenTtl`, true);
    }
    return { accessToken: body.accessToken, renewAt: Date.now() + ttl * 900 };
  }

  private async post(server: string, path: string): Promise<Response> {
    const url = `http://${server}${path}?username=${encodeURIComponent(this.username)}`;
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ password: this.password }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ConfigSourceError(this.source, `login at ${server} failed: no answer`, true, { cause: error });
    }
  }
}
