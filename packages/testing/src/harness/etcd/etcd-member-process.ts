import { spawn, type ChildProcess } from 'node:child_process';
import { etcdBinary } from './etcd-binary';

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * One spawned `etcd` process of a member: the signals a test sends it, its exit, and the tail of
 * what it wrote to stderr (for failure messages). A process the test run leaves behind is killed
 * when the run exits. The member spawns a new one for each start, on the same data dir.
 */
export class EtcdMemberProcess {
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private ended = false;

  /** Spawns `etcd` with `args`, and none of the caller's `ETCD_*` variables. */
  constructor(args: readonly string[]) {
    // etcd reads ETCD_* variables as flags; none of the caller's may change the member.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ETCD_')));
    const child = spawn(etcdBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    this.child = child;
    live.add(child);
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.stderrTail = (this.stderrTail + text).slice(-4000)));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        this.ended = true;
        resolve();
      }),
    );
  }

  /** Whether the process has not exited yet (a paused one counts as running). */
  get running(): boolean {
    return !this.ended;
  }

  /** The last 4000 characters the process wrote to stderr. */
  get output(): string {
    return this.stderrTail;
  }

  /** Kills the process with SIGKILL (no clean shutdown) and waits for it to exit. */
  async kill9(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the process with SIGTERM (thawing it first), or SIGKILL after 3 s, and waits for it to exit. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Freezes the process (SIGSTOP): its sockets stay open but nothing answers. */
  pause(): void {
    if (this.running) this.child.kill('SIGSTOP');
  }

  /** Thaws a paused process (SIGCONT). */
  resume(): void {
    if (this.running) this.child.kill('SIGCONT');
  }
}
