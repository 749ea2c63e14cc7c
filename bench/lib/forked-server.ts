import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

type Reply = { id: number; result?: unknown; error?: string };

/**
 * A test server of `packages/testing/src/harness` run in a child process (through ts-node,
 * transpile-only), so that a benchmark's client does not share its event loop with the server, and
 * driven over IPC: `call({ op, … })` resolves to the child's `result` or rejects with its `error`.
 * The child's entry posts `{ ready }` once it listens and exits after a `close` op.
 */
export class ForkedServer<Ready> {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** What the child posted when it was listening (its URLs). */
    readonly ready: Ready,
  ) {
    child.on('message', (reply: Reply) => this.waiting.get(reply.id)?.(reply));
  }

  /** Forks `entry` (a path inside the testing package) and waits until it listens; `label` names it in errors. */
  static async start<Ready>(entry: string, label: string): Promise<ForkedServer<Ready>> {
    const file = join(dirname(require.resolve('@config-center/testing/package.json')), entry);
    const child = fork(file, [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the ${label} exited with code ${code}`)));
      child.once('message', (message: { ready: Ready }) => resolve(message.ready));
    });
    child.removeAllListeners('exit');
    return new ForkedServer(child, ready);
  }

  /** Sends one command and resolves to the child's answer. */
  call(command: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => {
        this.waiting.delete(id);
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result);
      });
      this.child.send({ id, ...command });
    });
  }

  /** Stops the server and the child. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ op: 'close' });
    await exited;
  }
}
