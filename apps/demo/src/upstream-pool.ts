import { Agent, request } from 'node:http';
import { liveResourceProvider } from '@config-center/live';
import { UpstreamConfig } from './upstream.config';

/** DI token of the live `UpstreamPool` (a `LiveResource<UpstreamPool, UpstreamConfig>`). */
export const UPSTREAM_POOL = Symbol('UPSTREAM_POOL');

/**
 * An HTTP client pool to one upstream: keep-alive sockets through a Node `Agent`. `open` checks that
 * the upstream answers before the pool is used, so a pool for an upstream that is down is never
 * built — the demo keeps the one it has. `close` destroys every socket.
 */
export class UpstreamPool {
  private readonly agent: Agent;
  private closed = false;

  private constructor(
    readonly url: string,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  static async open(config: UpstreamConfig): Promise<UpstreamPool> {
    const pool = new UpstreamPool(config.url.replace(/\/+$/, ''), config.maxSockets);
    try {
      await pool.get('/health');
      return pool;
    } catch (error) {
      pool.close();
      throw new Error(`upstream ${pool.url} does not answer (${(error as Error).message})`);
    }
  }

  /** GETs `path` from the upstream and parses the JSON it answers. */
  get<T = unknown>(path: string): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`the pool for ${this.url} is closed`));
    return new Promise<T>((resolve, reject) => {
      const req = request(`${this.url}${path}`, { agent: this.agent, timeout: 2000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          try {
            resolve(JSON.parse(body) as T);
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }
}

/** The live pool: rebuilt when `upstream` changes, the old one closed once its calls are done. */
export const upstreamPoolProvider = liveResourceProvider(UPSTREAM_POOL, {
  name: 'upstream',
  config: UpstreamConfig,
  build: (config: UpstreamConfig) => UpstreamPool.open(config),
  dispose: (pool: UpstreamPool) => pool.close(),
});
