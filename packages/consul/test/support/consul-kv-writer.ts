import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** A raw HTTP answer. */
export interface ConsulAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A `KV` operation of a transaction, with the value as text (base64-encoded on the way). */
export interface WriterTxnOp {
  readonly Verb: string;
  readonly Key: string;
  readonly Value?: string;
  readonly Index?: number;
}

/**
 * The tests' own Consul client, over plain HTTP requests on fresh connections (no keep-alive, so
 * it leaves no socket open): writes keys, runs transactions, saves and restores snapshots. Works
 * against the test server and a real agent alike.
 */
export class ConsulKvWriter {
  constructor(
    readonly url: string,
    private readonly token?: string,
    private readonly ca?: string,
  ) {}

  /** `PUT /v1/kv/<key>`; resolves once Consul has applied it. */
  async put(key: string, value: string | Buffer): Promise<void> {
    await this.expectOk('PUT', `/v1/kv/${encodeKey(key)}`, value);
  }

  /** `DELETE /v1/kv/<key>` (with `?recurse` for a whole prefix). */
  async delete(key: string, recurse = false): Promise<void> {
    await this.expectOk('DELETE', `/v1/kv/${encodeKey(key)}${recurse ? '?recurse' : ''}`);
  }

  /** `PUT /v1/txn`: one atomic transaction; returns its index. */
  async txn(ops: readonly WriterTxnOp[]): Promise<number> {
    const body = ops.map((op) => ({ KV: { ...op, Value: op.Value === undefined ? undefined : Buffer.from(op.Value).toString('base64') } }));
    const answer = await this.expectOk('PUT', '/v1/txn', JSON.stringify(body));
    return Number(answer.headers['x-consul-index']);
  }

  /** Sets every key to its value in one transaction. */
  setMany(entries: Record<string, string>): Promise<number> {
    return this.txn(Object.entries(entries).map(([Key, Value]) => ({ Verb: 'set', Key, Value })));
  }

  /** `GET /v1/snapshot`: the whole store, as an opaque blob. */
  async saveSnapshot(): Promise<Buffer> {
    return (await this.expectOk('GET', '/v1/snapshot')).body;
  }

  /** `PUT /v1/snapshot`: restores a blob `saveSnapshot()` returned. */
  async restoreSnapshot(snapshot: Buffer): Promise<void> {
    await this.expectOk('PUT', '/v1/snapshot', snapshot);
  }

  /** Any request; the answer whatever its status. */
  call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<ConsulAnswer> {
    const target = new URL(path, this.url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const allHeaders: Record<string, string> = { ...headers };
    if (this.token && !('x-consul-token' in allHeaders)) allHeaders['x-consul-token'] = this.token;
    return new Promise((resolve, reject) => {
      const req = send(target, { method, headers: allHeaders, agent: false, ca: this.ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  private async expectOk(method: string, path: string, body?: string | Buffer): Promise<ConsulAnswer> {
    const answer = await this.call(method, path, body);
    if (answer.status !== 200 || answer.body.toString() === 'false') {
      throw new Error(`Consul ${method} ${path} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
    }
    return answer;
  }
}

/** A key as a URL path: each segment percent-encoded, the slashes kept. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
