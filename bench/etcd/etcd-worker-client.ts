import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BurstObservation } from './etcd-burst';

/** What the parent sends a burst worker: arm for a burst ending at `target`, or close. */
export type EtcdWorkerRequest = { readonly kind: 'burst'; readonly target: number } | { readonly kind: 'close' };

/** What a worker sends back. Times are `process.hrtime.bigint()` (CLOCK_MONOTONIC, the same in every process) as strings. */
export type EtcdWorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'propagation'; readonly raw: number[]; readonly library: number[] }
  | {
      readonly kind: 'initial-load';
      readonly coldMs: number;
      readonly warmMs: number[];
      readonly coldBlockMs: number;
      readonly keys: number;
    }
  | { readonly kind: 'armed'; readonly heapBefore?: number }
  | ({ readonly kind: 'applied' } & BurstObservation)
  | { readonly kind: 'seen'; readonly seenAtNs: string }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** The task a worker runs, and its arguments, as `etcd-bench.worker.js` takes them on its command line. */
export type EtcdWorkerTask = 'propagation' | 'initial-load' | 'burst' | 'burst-watch';

/**
 * A child process of the etcd benchmark, run with `--expose-gc` so it can force collections before
 * reading `heapUsed`. Replies are queued, so none is lost between two `next()` calls.
 */
export class EtcdBenchWorker {
  private readonly replies: EtcdWorkerReply[] = [];
  private readonly waiters: ((reply: EtcdWorkerReply) => void)[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: EtcdWorkerReply) => this.deliver(reply));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
        this.deliver({ kind: 'failed', message: `worker exited with ${code} before answering` });
      }),
    );
  }

  /** Forks `etcd-bench.worker.js <task> <endpoint> ...args`. */
  static start(task: EtcdWorkerTask, endpoint: string, ...args: (string | number)[]): EtcdBenchWorker {
    const script = join(__dirname, 'etcd-bench.worker.js');
    const child = fork(script, [task, endpoint, ...args.map(String)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new EtcdBenchWorker(child);
  }

  /** The next reply, which must be of `kind`; a `failed` reply or an early exit rejects. */
  async next<K extends EtcdWorkerReply['kind']>(kind: K): Promise<Extract<EtcdWorkerReply, { kind: K }>> {
    const reply = this.replies.shift() ?? (await new Promise<EtcdWorkerReply>((resolve) => this.waiters.push(resolve)));
    if (reply.kind === 'failed') throw new Error(`etcd benchmark worker failed: ${reply.message}`);
    if (reply.kind !== kind) throw new Error(`etcd benchmark worker answered '${reply.kind}' where '${kind}' was expected`);
    return reply as Extract<EtcdWorkerReply, { kind: K }>;
  }

  send(request: EtcdWorkerRequest): void {
    this.child.send(request);
  }

  /** Waits for the worker to exit, killing it after `graceMs`. */
  async exit(graceMs = 5000): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private deliver(reply: EtcdWorkerReply): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(reply);
    else this.replies.push(reply);
  }
}
