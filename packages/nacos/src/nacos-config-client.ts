import { ConfigSourceError } from '@config-center/core/source-kit';
import { NacosAuth } from './nacos-auth';
import { NacosConnection } from './nacos-connection';
import type { NacosMessage } from './protocol/nacos-grpc-services';
import { CONFIG_NOT_FOUND, NO_RIGHT, RESULT_SUCCESS } from './protocol/nacos-messages';

/** Where a `NacosConfigClient` connects, and as whom. */
export interface NacosConfigClientOptions {
  /** `host:port` of the server's main port; gRPC on port + 1000 unless `grpcPort`. */
  readonly server: string;
  readonly grpcPort?: number;
  /** Namespace id; `''` (default) is `public`. */
  readonly namespace?: string;
  readonly username?: string;
  readonly password?: string;
  /** Default 5000 ms. */
  readonly requestTimeoutMs?: number;
}

/** A config as the server holds it. */
export interface NacosConfigEntry {
  readonly content: string;
  readonly md5: string;
}

/**
 * Reads and writes configs of one namespace over the same gRPC protocol and connection rules as
 * `NacosConfigSource` (its own channel, setup acked before requests, auth token in the headers):
 * for tools — the CLI, a test backend on a real Nacos — that publish with `casMd5` or remove.
 */
export class NacosConfigClient {
  private connection: Promise<NacosConnection> | undefined;
  private readonly auth: NacosAuth | undefined;
  private readonly target: string;
  private readonly name: string;

  constructor(private readonly options: NacosConfigClientOptions) {
    const match = /^(.+):(\d+)$/.exec(options.server);
    if (!match) throw new ConfigSourceError('nacos-client', `server '${options.server}' is not host:port`, false);
    this.target = `${match[1]}:${options.grpcPort ?? Number(match[2]) + 1000}`;
    this.name = `nacos-client:${options.server}`;
    const { username, password, requestTimeoutMs = 5000 } = options;
    this.auth = username !== undefined ? new NacosAuth(username, password ?? '', this.name, requestTimeoutMs) : undefined;
  }

  /** The config, or `undefined` when it does not exist. */
  async get(dataId: string, group = 'DEFAULT_GROUP'): Promise<NacosConfigEntry | undefined> {
    const reply = await this.request('ConfigQueryRequest', { dataId, group });
    if (reply.body.errorCode === CONFIG_NOT_FOUND) return undefined;
    this.check(reply, `query of '${group}/${dataId}'`);
    return { content: String(reply.body.content ?? ''), md5: String(reply.body.md5 ?? '') };
  }

  /**
   * Publishes `content`; with `casMd5`, only over the config of that md5. Resolves `false` when the
   * server refused it — with `casMd5`, because the config changed since (a concurrent publish).
   */
  async publish(dataId: string, content: string, options: { group?: string; casMd5?: string } = {}): Promise<boolean> {
    const { group = 'DEFAULT_GROUP', casMd5 } = options;
    const reply = await this.request('ConfigPublishRequest', { dataId, group, content, casMd5, additionMap: {} });
    return reply.body.resultCode === RESULT_SUCCESS;
  }

  /** Removes the config (a missing one is no error, as in Nacos). */
  async remove(dataId: string, group = 'DEFAULT_GROUP'): Promise<void> {
    this.check(await this.request('ConfigRemoveRequest', { dataId, group }), `removal of '${group}/${dataId}'`);
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    (await connection?.catch(() => undefined))?.close();
  }

  private async request(type: string, body: object): Promise<NacosMessage> {
    const timeoutMs = this.options.requestTimeoutMs ?? 5000;
    const tenant = this.options.namespace ?? '';
    this.connection ??= NacosConnection.open(this.target, tenant, this.name, timeoutMs, {
      onPush: () => undefined,
      onClosed: () => (this.connection = undefined),
    });
    const connection = await this.connection.catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    const headers = this.auth ? await this.auth.headers(this.options.server) : {};
    const reply = await connection.request(type, { ...body, tenant, headers }).catch((error: unknown) => {
      this.connection = undefined; // the failed request closed the connection; the next one opens anew
      throw error;
    });
    if (reply.body.errorCode === NO_RIGHT) this.auth?.forget();
    return reply;
  }

  private check(reply: NacosMessage, what: string): void {
    if (reply.body.resultCode !== RESULT_SUCCESS) {
      throw new ConfigSourceError(this.name, `${what} failed (code ${String(reply.body.errorCode)})`, reply.body.errorCode !== NO_RIGHT);
    }
  }
}
