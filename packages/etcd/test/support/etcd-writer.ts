import type { Etcd3 } from 'etcd3';
import { sleep } from '@config-center/testing/harness';

/**
 * Writes a stream of puts (`<prefix>k<i % keys>` = i) with a few in flight, retrying each until
 * etcd accepts it — through a killed member, a restart or an election. Counts successes and
 * failures so a test can wait for "the writer has been failing" instead of sleeping.
 */
export class EtcdWriter {
  written = 0;
  failures = 0;
  /** The revision of the last acknowledged write. */
  lastRevision = 0;
  private stopped = false;

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    private readonly options: { total: number; keys: number; concurrency: number },
  ) {}

  /** Runs until `total` writes are acknowledged; rejects if one keeps failing for 30 s. */
  async run(): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (!this.stopped && next < this.options.total) await this.put(next++);
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
  }

  stop(): void {
    this.stopped = true;
  }

  private async put(i: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await this.client
          .put(`${this.prefix}k${i % this.options.keys}`)
          .value(String(i))
          .exec();
        this.lastRevision = Math.max(this.lastRevision, Number(response.header.revision));
        this.written++;
        return;
      } catch (error) {
        this.failures++;
        if (this.stopped || Date.now() > deadline) throw error;
        await sleep(20);
      }
    }
  }
}
