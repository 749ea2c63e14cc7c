import { spawn, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/** How a server process of the harness is spawned and stopped. */
export interface TrackedProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** Its environment; default the caller's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Keep what it writes to stdout too (a JVM logs there), not only stderr. */
  readonly keepStdout?: boolean;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs: number;
}

/**
 * One spawned server process of the harness (an etcd member, a ZooKeeper JVM): the signals a test
 * sends it, its exit, and the tail of what it wrote (for failure messages). A process the test run
 * leaves behind is killed when the run exits — the one place that rule lives.
 */
export class TrackedProcess {
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private outputTail = '';
  private ended = false;

  constructor(private readonly spec: TrackedProcessSpec) {
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', spec.keepStdout ? 'pipe' : 'ignore', 'pipe'], env: spec.env });
    this.child = child;
    live.add(child);
    const keep = (text: string) => (this.outputTail = (this.outputTail + text).slice(-4000));
    child.stdout?.setEncoding('utf8').on('data', keep);
    child.stderr?.setEncoding('utf8').on('data', keep);
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

  /** The last 4000 characters the process wrote. */
  get output(): string {
    return this.outputTail;
  }

  /** Kills the process with SIGKILL (no clean shutdown) and waits for it to exit. */
  async kill9(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the process with SIGTERM (thawing it first), or SIGKILL after the grace time, and waits for it to exit. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.spec.stopGraceMs);
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
