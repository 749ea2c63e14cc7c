import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ConfigSourceError } from '@config-center/core';
import type { ConsulListResult } from './consul-index-cursor';
import type { ConsulKvEntry } from './consul-kv-mapping';
import type { ResolvedConsulOptions } from './consul-options';

/** A response body larger than this is refused (Consul caps a value at 512 KiB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Reads a KV prefix over Consul's HTTP API with `node:http`/`node:https` and a keep-alive agent:
 * every request is abortable (`close()` ends a pending blocking query at once) and bounded by its
 * own timeout (the blocking wait plus Consul's jitter of up to wait/16, plus slack). Failures become
 * `ConfigSourceError`s naming the source, address, prefix and cause, recoverable unless retrying
 * cannot help (403 and other 4xx). The ACL token travels in a header and never in a message.
 */
export class ConsulKvClient {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  constructor(private readonly options: ResolvedConsulOptions) {
    const tls = options.tls;
    const secure = options.url.protocol === 'https:';
    this.send = secure ? httpsRequest : httpRequest;
    this.agent = secure
      ? new HttpsAgent({ keepAlive: true, ca: tls?.ca, cert: tls?.cert, key: tls?.key, servername: tls?.servername })
      : new HttpAgent({ keepAlive: true });
  }

  /** Reads every key under the prefix; with `index > 0`, blocks until the prefix moves past it or the wait ends. */
  async list(index: number, signal: AbortSignal): Promise<ConsulListResult> {
    const { waitMs, requestTimeoutMs } = this.options;
    const timeoutMs = index > 0 ? waitMs + waitMs / 16 + requestTimeoutMs : requestTimeoutMs;
    const response = await this.get(this.listPath(index), timeoutMs, signal);
    const consulIndex = Number(response.headers['x-consul-index'] ?? NaN);
    if (response.status === 404) return { index: consulIndex, entries: [] };
    if (response.status !== 200) throw this.statusError(response);
    let entries: unknown;
    try {
      entries = JSON.parse(response.body);
    } catch {
      entries = undefined;
    }
    if (!Array.isArray(entries)) throw this.failure('the response is not a JSON array of KV entries', true);
    return { index: consulIndex, entries: entries as ConsulKvEntry[] };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private listPath(index: number): string {
    const { url, prefix, datacenter, consistency, waitMs } = this.options;
    const query = ['recurse'];
    if (datacenter) query.push(`dc=${encodeURIComponent(datacenter)}`);
    if (consistency !== 'default') query.push(consistency);
    if (index > 0) query.push(`index=${index}`, `wait=${Math.round(waitMs)}ms`);
    const key = prefix.split('/').map(encodeURIComponent).join('/');
    return `${url.pathname.replace(/\/$/, '')}/v1/kv/${key}?${query.join('&')}`;
  }

  private get(path: string, timeoutMs: number, signal: AbortSignal): Promise<RawResponse> {
    const { url, token, basicAuth } = this.options;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['x-consul-token'] = token;
    const auth = basicAuth && `${basicAuth.username}:${basicAuth.password}`;
    const request: RequestOptions = { host: url.hostname, port: url.port, path, headers, auth, agent: this.agent, signal };
    return new Promise<RawResponse>((resolve, reject) => {
      const fail = (cause: string, recoverable: boolean, error?: unknown) => {
        reject(this.failure(cause, recoverable, error));
        req.destroy();
      };
      const req = this.send(request, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) fail(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`, false);
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => fail(describe(error), true, error));
        res.on('close', () => res.complete || fail('the connection closed before the response was complete', true));
      });
      const timer = setTimeout(() => fail(`no response within ${Math.round(timeoutMs)} ms`, true), timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', (error) => fail(describe(error), true, error));
      req.end();
    });
  }

  private statusError(response: RawResponse): ConfigSourceError {
    const detail = `HTTP ${response.status}${response.body ? `: ${this.scrub(response.body)}` : ''}`;
    if (response.status === 403) {
      const message = `access to prefix '${this.options.prefix}' at ${this.options.displayUrl} was denied (${detail}); the ACL token needs key:read on it`;
      return new ConfigSourceError(this.options.name, message, false);
    }
    return this.failure(detail, response.status >= 500 || response.status === 429);
  }

  private failure(cause: string, recoverable: boolean, error?: unknown): ConfigSourceError {
    const { name, prefix, displayUrl } = this.options;
    return new ConfigSourceError(name, `cannot read prefix '${prefix}' from ${displayUrl}: ${cause}`, recoverable, { cause: error });
  }

  /** A server message fit for an error: one short line, without the token should it echo it. */
  private scrub(text: string): string {
    const line = text.replace(/\s+/g, ' ').trim().slice(0, 200);
    return this.options.token ? line.split(this.options.token).join('<token>') : line;
  }
}

function describe(error: Error & { code?: string }): string {
  return error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
}
