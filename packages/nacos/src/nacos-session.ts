import { ConfigSourceError } from '@config-center/core/source-kit';
import { NacosAuth } from './nacos-auth';
import { NacosConnection } from './nacos-connection';
import { NacosConfigState, type NacosRound } from './nacos-config-state';
import type { ResolvedNacosOptions } from './nacos-options';
import type { NacosMessage } from './protocol/nacos-grpc-services';
import {
  CONFIG_NOT_FOUND,
  NO_RIGHT,
  RESULT_SUCCESS,
  type ConfigChangeBatchListenResponse,
  type ConfigKey,
} from './protocol/nacos-messages';

/**
 * A source's link to Nacos: the current connection (a new one, on the next server of the list,
 * after each failure), the dataIds pushed since the last round and whether a re-listen is due.
 * A round connects when needed, re-listens (after a (re)connect, or when asked) with the md5s of
 * what was applied, and queries every config the pushes and the listen answer named — a push
 * alone is not enough: a change made while disconnected shows only in the listen answer.
 * Rounds never overlap.
 */
export class NacosSession {
  readonly state: NacosConfigState;
  private connection: NacosConnection | undefined;
  private serverIndex = 0;
  private pushed = new Set<number>();
  private relistDue = true;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly wakers = new Set<() => void>();
  private readonly auth: NacosAuth | undefined;
  /** When a request last got an answer; the watch health-checks a connection quiet since. */
  lastActiveAt = 0;

  constructor(private readonly options: ResolvedNacosOptions) {
    this.state = new NacosConfigState(options.dataIds, options.namespace, options.name);
    const { credentials, name, requestTimeoutMs } = options;
    this.auth = credentials && new NacosAuth(credentials.username, credentials.password, name, requestTimeoutMs);
  }

  /** Whether a round has work: no connection, a push to query or a re-listen due. */
  get hasWork(): boolean {
    return !this.connection || this.pushed.size > 0 || this.relistDue;
  }

  /** Asks the next round to re-listen (the periodic re-listen that catches a lost push). */
  relistNext(): void {
    this.relistDue = true;
  }

  /** Registers a callback for the next push or lost connection; returns its removal. */
  onWork(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }

  /** One round (see the class); `initial` reads every dataId's state for a load. */
  round(initial: boolean): Promise<NacosRound> {
    const next = this.serial.then(() => this.runRound(initial));
    this.serial = next.catch(() => undefined);
    return next;
  }

  /**
   * A `HealthCheckRequest` on the connection (the Java client's keep-alive, RpcClient, every 5 s of
   * quiet); a connection that does not answer in time is closed and the check fails recoverably.
   */
  healthCheck(): Promise<NacosRound> {
    const next = this.serial.then(async (): Promise<NacosRound> => {
      const reply = await (await this.connect()).request('HealthCheckRequest', {});
      if (reply.body.resultCode !== RESULT_SUCCESS) throw new ConfigSourceError(this.options.name, 'health check refused', true);
      this.lastActiveAt = Date.now();
      return { kind: 'same' };
    });
    this.serial = next.catch(() => undefined);
    return next;
  }

  /** Drops the connection, so the next round connects anew (to the next server). */
  disconnect(): void {
    this.connection?.close();
    this.connection = undefined;
    this.relistDue = true;
  }

  private async runRound(initial: boolean): Promise<NacosRound> {
    const connection = await this.connect();
    const indexes = new Set(this.pushed);
    this.pushed.clear();
    try {
      if (this.relistDue || initial) {
        this.relistDue = false;
        const reply = await this.request(connection, 'ConfigBatchListenRequest', {
          listen: true,
          configListenContexts: this.state.listenContexts(),
        });
        if (reply.body.resultCode !== RESULT_SUCCESS)
          throw new ConfigSourceError(this.options.name, `batch listen refused (code ${String(reply.body.errorCode)})`, true);
        for (const key of (reply.body as unknown as ConfigChangeBatchListenResponse).changedConfigs ?? [])
          this.state.indexesOf(key).forEach((i) => indexes.add(i));
      }
      const contents = new Map<number, string | undefined>();
      await Promise.all([...indexes].map(async (i) => contents.set(i, await this.query(connection, i))));
      return this.state.apply(contents, initial);
    } catch (error) {
      for (const i of indexes) this.pushed.add(i);
      this.relistDue = true;
      throw error;
    }
  }

  private async query(connection: NacosConnection, index: number): Promise<string | undefined> {
    const { dataId, group, label } = this.options.dataIds[index];
    const reply = await this.request(connection, 'ConfigQueryRequest', { dataId, group, tenant: this.options.namespace });
    if (reply.body.resultCode === RESULT_SUCCESS && typeof reply.body.content === 'string') return reply.body.content;
    if (reply.body.errorCode === CONFIG_NOT_FOUND) return undefined;
    throw new ConfigSourceError(this.options.name, `query of '${label}' failed (code ${String(reply.body.errorCode)})`, true);
  }

  /** A request with the access token in its headers; a refused token is forgotten and fails the round. */
  private async request(connection: NacosConnection, type: string, body: object): Promise<NacosMessage> {
    const headers = this.auth ? await this.auth.headers(this.options.targets[this.serverIndex % this.options.targets.length].main) : {};
    const reply = await connection.request(type, { ...body, headers });
    if (reply.body.errorCode === NO_RIGHT) {
      this.auth?.forget();
      throw new ConfigSourceError(this.options.name, `${type} was refused: no right (the access token was not accepted)`, true);
    }
    this.lastActiveAt = Date.now();
    return reply;
  }

  private async connect(): Promise<NacosConnection> {
    if (this.connection) return this.connection;
    const { targets, namespace, name, requestTimeoutMs } = this.options;
    const target = targets[this.serverIndex % targets.length].grpc;
    let connection: NacosConnection;
    try {
      connection = await NacosConnection.open(target, namespace, name, requestTimeoutMs, {
        onPush: (key) => this.pushedKey(key),
        onClosed: () => {
          if (this.connection !== connection) return;
          this.connection = undefined;
          this.relistDue = true;
          this.wakeAll();
        },
      });
    } catch (error) {
      this.serverIndex++;
      throw error;
    }
    this.connection = connection;
    this.relistDue = true;
    return connection;
  }

  private pushedKey(key: ConfigKey): void {
    for (const i of this.state.indexesOf(key)) this.pushed.add(i);
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
