import { ForkedServer } from '../lib/forked-server';

/** A release the child made: what a bare client needs to poll and query after it. */
export interface ChildRelease {
  readonly namespace: string;
  readonly releaseKey: string;
  readonly notificationId: number;
}

/**
 * The Apollo test server of `packages/testing/src/harness`, in a child process (`ForkedServer`) so
 * that the benchmark's client does not share its event loop with the server, and controlled over
 * IPC: releases and the count of held polls.
 */
export class ApolloServerChild {
  private constructor(private readonly server: ForkedServer<{ url: string }>) {}

  /** Forks the server and waits until it listens. */
  static async start(): Promise<ApolloServerChild> {
    return new ApolloServerChild(await ForkedServer.start('src/harness/apollo/apollo-test-server.process.ts', 'Apollo test server'));
  }

  get url(): string {
    return this.server.ready.url;
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
  close(): Promise<void> {
    return this.server.close();
  }

  private call(command: Record<string, unknown>): Promise<unknown> {
    return this.server.call(command);
  }
}
