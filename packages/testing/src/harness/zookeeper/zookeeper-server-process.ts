import { spawn, type ChildProcess } from 'node:child_process';
import { javaBinary, zookeeperJar } from './zookeeper-binary';

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * One spawned ZooKeeper server JVM (`QuorumPeerMain <zoo.cfg>`): the signals a test sends it, its
 * exit, and the tail of what it wrote (for failure messages). A JVM the test run leaves behind is
 * killed when the run exits, as the etcd member's processes are.
 */
export class ZooKeeperServerProcess {
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private outputTail = '';
  private ended = false;

  /** Spawns the server with the config file `configFile`. */
  constructor(configFile: string) {
    const args = ['-Xms32m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
    const main = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
    const child = spawn(javaBinary(), [...args, '-cp', zookeeperJar(), main, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
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

  /** Stops the process with SIGTERM (thawing it first), or SIGKILL after 5 s, and waits for it to exit. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
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
