import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';

/** How the test server is taken down (see `ConsulOutageMode` in the Consul test server). */
export type OutageMode = 'refuse' | 'reset' | 'unavailable';

/** What the server logged: requests (and reset connections) and outages, on the child's clock. */
export interface ServerStats {
  readonly maxInFlight: number;
  readonly outages: readonly { readonly mode: OutageMode; readonly start: number; readonly end?: number }[];
  readonly requests: readonly { readonly at: number; readonly method: string; readonly duringOutage: boolean }[];
}

/** A KV entry as the server holds it. */
export interface ServerEntry {
  readonly Key: string;
  readonly Value: string | null;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

type Reply = { id: number; result?: unknown; error?: string };

/**
 * The Consul test server of `packages/testing/src/harness`, run in a child process (through
 * ts-node, transpile-only) so that the benchmark's client does not share its event loop with the
 * server, and controlled over IPC: outages, logs, its store.
 */
export class ConsulServerChild {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly adminUrl: string,
  ) {
    child.on('message', (reply: Reply) => this.waiting.get(reply.id)?.(reply));
  }

  /** Forks the server and waits until it listens. */
  static async start(): Promise<ConsulServerChild> {
    const entry = join(dirname(require.resolve('@config-center/testing/package.json')), 'src/harness/consul/consul-test-server.process.ts');
    const child = fork(entry, [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: 'inherit' });
    const ready = await new Promise<{ url: string; adminUrl: string }>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the Consul test server exited with code ${code}`)));
      child.once('message', (message: { ready: { url: string; adminUrl: string } }) => resolve(message.ready));
    });
    child.removeAllListeners('exit');
    return new ConsulServerChild(child, ready.url, ready.adminUrl);
  }

  outage(mode: OutageMode): Promise<void> {
    return this.call({ op: 'outage', mode }) as Promise<void>;
  }

  restore(): Promise<void> {
    return this.call({ op: 'restore' }) as Promise<void>;
  }

  /** Blocking queries waiting now. */
  pending(): Promise<number> {
    return this.call({ op: 'pending' }) as Promise<number>;
  }

  resetLog(): Promise<void> {
    return this.call({ op: 'resetLog' }) as Promise<void>;
  }

  stats(): Promise<ServerStats> {
    return this.call({ op: 'stats' }) as Promise<ServerStats>;
  }

  list(prefix: string): Promise<ServerEntry[]> {
    return this.call({ op: 'list', prefix }) as Promise<ServerEntry[]>;
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

/** One transaction through the admin address (never down); returns its index. */
export async function writeTxn(adminUrl: string, sets: Record<string, string>, deletes: readonly string[] = []): Promise<number> {
  const ops = [
    ...Object.entries(sets).map(([Key, value]) => ({ KV: { Verb: 'set', Key, Value: Buffer.from(value).toString('base64') } })),
    ...deletes.map((Key) => ({ KV: { Verb: 'delete', Key } })),
  ];
  const response = await fetch(`${adminUrl}/v1/txn`, { method: 'PUT', body: JSON.stringify(ops) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`txn answered ${response.status}`);
  return Number(response.headers.get('x-consul-index'));
}
