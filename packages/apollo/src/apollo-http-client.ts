import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ConfigSourceError } from '@config-center/core';
import type { ResolvedApolloOptions } from './apollo-options';

/** A response body larger than this is refused. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** A status and its body as text. */
export interface ApolloResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * GETs from an Apollo config service with `node:http`/`node:https` and a keep-alive agent: every
 * request is abortable (`close()` ends a held long poll at once) and bounded by its own timeout.
 * With a secret, each request carries Apollo's access-key headers (`Authorization: Apollo
 * <appId>:<signature>`, `Timestamp`): base64 HMAC-SHA1 of `timestamp + "\n" + path?query` as sent
 * (apollo-java 2.x, apollo-core `Signature.buildHttpHeaders`). Failures are `ConfigSourceError`s
 * naming the source, app and cause, never the secret; recoverable unless retrying cannot help.
 */
export class ApolloHttpClient {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly options: ResolvedApolloOptions) {
    const secure = options.url.protocol === 'https:';
    this.send = secure ? httpsRequest : httpRequest;
    this.agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** GETs `pathWithQuery` (below the service's base path); `what` names the request in errors. */
  get(pathWithQuery: string, what: string, timeoutMs: number, signal: AbortSignal): Promise<ApolloResponse> {
    const { url } = this.options;
    const path = `${url.pathname.replace(/\/$/, '')}${pathWithQuery}`;
    const headers: Record<string, string> = { accept: 'application/json', ...this.signatureHeaders(path) };
    return new Promise<ApolloResponse>((resolve, reject) => {
      const fail = (cause: string, error?: unknown) => {
        reject(this.failure(what, cause, true, error));
        req.destroy();
      };
      const req = this.send({ host: url.hostname, port: url.port, path, headers, agent: this.agent, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) fail(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`);
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => fail(error.message, error));
        res.on('close', () => res.complete || fail('the connection closed before the response was complete'));
      });
      const timer = setTimeout(() => fail(`no response within ${Math.round(timeoutMs)} ms`), timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', (error: Error & { code?: string }) => fail(error.code ?? error.message, error));
      req.end();
    });
  }

  /** The error for an answer that is not one of the protocol's: 401 cannot be fixed by retrying, 5xx can. */
  statusError(what: string, response: ApolloResponse): ConfigSourceError {
    const { appId } = this.options;
    if (response.status === 401) {
      const cause = `the config service refused the access-key signature for app '${appId}' (HTTP 401); check the app's secret`;
      return this.failure(what, cause, false);
    }
    const recoverable = response.status >= 500 || response.status === 429 || response.status === 0;
    return this.failure(what, `HTTP ${response.status}`, recoverable);
  }

  /** A failure of `what`, naming the source, app, cluster and service address. */
  failure(what: string, cause: string, recoverable: boolean, error?: unknown): ConfigSourceError {
    const { name, appId, cluster, url } = this.options;
    const message = `cannot ${what} of app '${appId}' (cluster '${cluster}') from ${url.origin}: ${cause}`;
    return new ConfigSourceError(name, message, recoverable, { cause: error });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private signatureHeaders(pathWithQuery: string): Record<string, string> {
    const { secret, appId } = this.options;
    if (!secret) return {};
    const timestamp = String(Date.now());
    const signature = createHmac('sha1', secret).update(`${timestamp}\n${pathWithQuery}`, 'utf8').digest('base64');
    return { authorization: `Apollo ${appId}:${signature}`, timestamp };
  }
}
