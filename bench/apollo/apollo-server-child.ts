import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

/** A release the child made: what a bare client needs to poll and query after it. */
export interface ChildRelease {
  readonly namespace: string;
  readonly releaseKey: string;
  readonly notificationId: number;
}

type Reply = { id: number; result?: unknown; error?: string };

/**
 * The Apollo test server of `packages/testing/src/harness`, run in a child process (through
 * ts-node, transpile-only) so that the benchmark's client does not share its event loop with the
 * server, and controlled over IPC: releases and the count of held polls.
 */
export class ApolloServerChild {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (reply: Reply) => this.waiting.get(reply.id)?.(reply));
  }

  /** Forks the server and waits until it listens. */
  static async start(): Promise<ApolloServerChild> {
    const entry = join(dirname(require.resolve('@config-center/testing/package.json')), 'src/harness/apollo/apollo-test-server.process.ts');
    const child = fork(entry, [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
    const ready = await new Promise<{ url: string }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the Apollo test server exited with code ${code}`)));
      child.once('message', (message: { ready: { url: string } }) => resolve(message.ready));
    });
    child.removeAllListeners('exit');
    return new ApolloServerChild(child, ready.url);
  }

  /** Releases one namespace of `appId` with `configurations`. */
  async release(appId: string, namespace: string, configurations: Record<string, string>): Promise<ChildRelease> {
    const [made] = (await this.call({ op: 'release', appId, inputs: [{ namespace, configurations }] })) as ChildRelease[];
    return made;
  }

  /** Long polls held now. */
  heldPolls(): Promise<number> {
    return this.call({ op: 'heldPolls' }) as Promise<number>;
  }

  /** Stops the server and the child. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ op: 'close' });
    await exited;
  }

  private call(command: Record<string, unknown>): Promise<unknown> {
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
}
