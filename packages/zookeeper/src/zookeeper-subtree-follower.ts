import { ConfigSourceError } from '@config-center/core';
import { readSubtree, RootRefusedError, type SubtreeRead } from './zookeeper-subtree-read';
import type { ResolvedZooKeeperOptions } from './zookeeper-options';
import { ZooKeeperSession } from './zookeeper-session';

/** A consistent read, and the change count it started from: a later change raises the count past it. */
export interface ConsistentRead extends SubtreeRead {
  readonly changeCount: number;
}

/**
 * Follows the subtree under the root over one session at a time. ZooKeeper's watches fire once and
 * carry no data, so every read re-arms them; a read counts only when no watch fired and no node
 * vanished while it ran: ZooKeeper sends a watch event before any later answer on the session, so
 * a quiet pass saw every node as it stood at the pass's last answer — a state ZooKeeper held (the
 * writes of one `multi()` are all in it or all out). A session that expires, fails its auth or does
 * not answer is dropped; the next read opens another and reads everything again.
 */
export class ZooKeeperSubtreeFollower {
  private current: ZooKeeperSession | undefined;
  private opening: Promise<ZooKeeperSession> | undefined;
  private changes = 0;
  private wakeUp: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly options: ResolvedZooKeeperOptions,
    /** Told when the connection drops (`reconnecting`), not when it comes back: a read that succeeds says that. */
    private readonly onDisconnected: () => void,
  ) {}

  /** Reads the subtree until a pass sees no change while it runs. */
  async read(): Promise<ConsistentRead> {
    for (;;) {
      if (this.closed) throw new ConfigSourceError(this.options.name, 'is closed', false);
      const changeCount = this.changes;
      const session = await this.open();
      try {
        const read = await readSubtree(session, this.options.root, this.options.limits.maxDepth);
        if (!read.vanished && this.changes === changeCount) return { ...read, changeCount };
      } catch (error) {
        this.drop(session);
        throw this.failure(error);
      }
    }
  }

  /** Resolves once a change is signalled after the read that started at `changeCount`, or on `close()`. */
  async changedSince(changeCount: number): Promise<void> {
    while (this.changes === changeCount && !this.closed) {
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  /** A failed read as the source reports it; a refused root is not recoverable (its ACL or the auth must change). */
  private failure(error: unknown): ConfigSourceError {
    if (error instanceof ConfigSourceError) return error;
    if (error instanceof RootRefusedError) return new ConfigSourceError(this.options.name, error.message, false, { cause: error });
    return new ConfigSourceError(this.options.name, `reading ${this.options.root} failed`, true, { cause: error });
  }

  /** Closes the session; pending and later waits end. */
  close(): void {
    this.closed = true;
    this.current?.close();
    this.current = undefined;
    this.signal();
  }

  private open(): Promise<ZooKeeperSession> {
    if (this.current) return Promise.resolve(this.current);
    this.opening ??= ZooKeeperSession.open(this.options, {
      onWatch: () => this.signal(),
      onDisconnected: () => this.onDisconnected(),
      onReconnected: () => this.signal(),
      onLost: () => {
        if (this.current) this.drop(this.current);
        this.signal();
      },
    }).then(
      (session) => {
        this.opening = undefined;
        if (this.closed) session.close();
        else this.current = session;
        return session;
      },
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  /** Closes `session` and forgets it, so that the next read opens another. */
  private drop(session: ZooKeeperSession): void {
    session.close();
    if (this.current === session) this.current = undefined;
  }

  private signal(): void {
    this.changes++;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }
}
