import { ForkedServer } from '../lib/forked-server';

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

/**
 * The Consul test server of `packages/testing/src/harness`, in a child process (`ForkedServer`) so
 * that the benchmark's client does not share its event loop with the server, and controlled over
 * IPC: outages, logs, its store.
 */
export class ConsulServerChild {
  private constructor(private readonly server: ForkedServer<{ url: string; adminUrl: string }>) {}

  /** Forks the server and waits until it listens. */
  static async start(): Promise<ConsulServerChild> {
    return new ConsulServerChild(await ForkedServer.start('src/harness/consul/consul-test-server.process.ts', 'Consul test server'));
  }

  get url(): string {
    return this.server.ready.url;
  }

  /** The address that is never taken down, for the writes of the benchmark itself. */
  get adminUrl(): string {
    return this.server.ready.adminUrl;
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
  close(): Promise<void> {
    return this.server.close();
  }

  private call(command: Record<string, unknown>): Promise<unknown> {
    return this.server.call(command);
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
