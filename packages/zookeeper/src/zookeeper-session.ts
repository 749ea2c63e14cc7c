import { ConfigSourceError } from '@config-center/core';
import { createClient, type Client, type Event, type Stat } from 'node-zookeeper-client';
import type { ResolvedZooKeeperOptions } from './zookeeper-options';

/** What a session tells its owner: a watch fired, the connection dropped or came back, the session ended. */
export interface ZooKeeperSessionEvents {
  readonly onWatch: (event: Event) => void;
  readonly onDisconnected: () => void;
  /** The same session again after a disconnect: the client has re-set its watches. */
  readonly onReconnected: () => void;
  /** The session expired or its auth failed: its watches are gone, a new session must read everything. */
  readonly onLost: (reason: string) => void;
}

/**
 * One ZooKeeper session of the source over `node-zookeeper-client`'s public API: its handshake,
 * bounded by `connectTimeoutMs` (the client bounds only the TCP connect, and a starting server can
 * accept and never answer), and reads bounded by `requestTimeoutMs` (the client has no read timeout,
 * so a paused server would hold a read for ever). Every read arms the session's one watcher, a
 * single function, which the client registers once per path however often it is passed.
 */
export class ZooKeeperSession {
  private readonly client: Client;
  private closed = false;
  private connectedOnce = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly options: ResolvedZooKeeperOptions,
    private readonly events: ZooKeeperSessionEvents,
  ) {
    this.client = createClient(options.connect, { sessionTimeout: options.sessionTimeoutMs, spinDelay: 200, retries: 0 });
    this.client.on('disconnected', () => this.disconnected());
    this.client.on('expired', () => !this.closed && events.onLost('the session expired'));
    this.client.on('authenticationFailed', () => !this.closed && events.onLost('authentication failed'));
  }

  /** Opens a session and waits for its handshake; throws a recoverable error when it does not complete in time. */
  static async open(options: ResolvedZooKeeperOptions, events: ZooKeeperSessionEvents): Promise<ZooKeeperSession> {
    const session = new ZooKeeperSession(options, events);
    try {
      await session.handshake();
    } catch (error) {
      session.close();
      throw error;
    }
    return session;
  }

  /** Children of `path`, arming a child watch. */
  children(path: string): Promise<{ children: string[]; stat: Stat }> {
    return this.request(path, (done) =>
      this.client.getChildren(path, this.watcher, (error, children, stat) => done(error, { children, stat })),
    );
  }

  /** Data and stat of `path`, arming a data watch. */
  data(path: string): Promise<{ data: Buffer | null; stat: Stat }> {
    return this.request(path, (done) => this.client.getData(path, this.watcher, (error, data, stat) => done(error, { data, stat })));
  }

  /** Whether `path` exists, arming an existence watch (a node created later fires it). */
  exists(path: string): Promise<Stat | null> {
    return this.request(path, (done) => this.client.exists(path, this.watcher, (error, stat) => done(error, stat ?? null)));
  }

  /** Closes the session (the server drops its watches); no event is reported after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.client.removeAllListeners();
    this.client.close();
  }

  /**
   * The client reconnects on its own, but a reconnect can reach a server that is starting, be
   * accepted and never answered, and then wait for ever (its timeout ends with the TCP connect).
   * A session not connected again within `connectTimeoutMs` is given up: a new one reads everything.
   */
  private disconnected(): void {
    if (this.closed) return;
    this.events.onDisconnected();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.closed) this.events.onLost(`not connected again within ${this.options.connectTimeoutMs} ms`);
    }, this.options.connectTimeoutMs);
  }

  private readonly watcher = (event: Event): void => {
    if (!this.closed) this.events.onWatch(event);
  };

  private handshake(): Promise<void> {
    const { connect, connectTimeoutMs, auth } = this.options;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(this.error(`no session handshake with ${connect} within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      this.client.on('connected', () => {
        clearTimeout(timer);
        clearTimeout(this.reconnectTimer);
        if (this.connectedOnce && !this.closed) this.events.onReconnected();
        this.connectedOnce = true;
        resolve();
      });
      this.client.connect();
      if (auth) this.client.addAuthInfo(auth.scheme, Buffer.from(auth.credentials));
    });
  }

  private request<T>(path: string, send: (done: (error: unknown, value: T) => void) => void): Promise<T> {
    const { requestTimeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.error(`no answer reading ${path} within ${requestTimeoutMs} ms`)), requestTimeoutMs);
      send((error, value) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(value);
      });
    });
  }

  private error(message: string): ConfigSourceError {
    return new ConfigSourceError(this.options.name, message, true);
  }
}
