import { Agent, request } from 'node:http';

/**
 * Sends `GET /live` to a server one request after another, as fast as it answers, and notes when
 * each `X-RateLimit-Limit-live` value is first seen in a response: the moment behaviour changed.
 */
export class LimitProber {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly firstSeen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  private running = true;
  private readonly loop: Promise<void>;
  requests = 0;

  constructor(private readonly url: string) {
    this.loop = this.run();
  }

  /** Resolves with the time (`performance.now()`) of the first response that carried `limit`. */
  seen(limit: number): Promise<number> {
    const key = String(limit);
    const at = this.firstSeen.get(key);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.agent.destroy();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const { at, limit } = await this.probe();
      this.requests++;
      if (limit === undefined || this.firstSeen.has(limit)) continue;
      this.firstSeen.set(limit, at);
      this.waiting.get(limit)?.(at);
      this.waiting.delete(limit);
    }
  }

  private probe(): Promise<{ at: number; limit?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}/live`, { agent: this.agent }, (res) => {
        const at = performance.now();
        const header = res.headers['x-ratelimit-limit-live'];
        res.resume().on('end', () => resolve({ at, limit: Array.isArray(header) ? header[0] : header }));
      });
      req.on('error', reject);
      req.end();
    });
  }
}
