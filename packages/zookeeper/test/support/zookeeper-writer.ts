import { createHash } from 'node:crypto';
import { ACL, createClient, CreateMode, Exception, Id, Permission, type Client } from 'node-zookeeper-client';

/** Generous: the JVM may be slow to start serving on a loaded machine. */
export const HOOK_TIMEOUT_MS = 90_000;

/**
 * The tests' own ZooKeeper client, independent of the source under test: it writes the nodes the
 * source reads (parents created empty, as `mkdirp` and Curator leave them) and runs `multi()`s.
 */
export class ZooKeeperWriter {
  private constructor(private readonly client: Client) {}

  /** Connects to `connectString` (with digest credentials `user:password` when given) and waits for the session. */
  static async connect(connectString: string, digest?: string): Promise<ZooKeeperWriter> {
    const client = createClient(connectString, { sessionTimeout: 30_000, spinDelay: 100 });
    if (digest) client.addAuthInfo('digest', Buffer.from(digest));
    await new Promise<void>((resolve) => {
      client.once('connected', () => resolve());
      client.connect();
    });
    return new ZooKeeperWriter(client);
  }

  /** Sets `path` to `text` (or raw bytes), creating it and its parents when missing. */
  async set(path: string, data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const exists = await this.call<unknown>((done) => this.client.exists(path, done));
    if (exists) return void (await this.call((done) => this.client.setData(path, bytes, done)));
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent) await this.call((done) => this.client.mkdirp(parent, done));
    await this.call((done) => this.client.create(path, bytes, CreateMode.PERSISTENT, done));
  }

  /** Creates `path` (and its parents) with no data when it is missing; an existing node is left as it is. */
  async ensure(path: string): Promise<void> {
    await this.call((done) => this.client.mkdirp(path, done));
  }

  /** Sets every existing node of `entries` in ONE `multi()` (they share a zxid). */
  async multiSet(entries: Record<string, string>): Promise<void> {
    const transaction = this.client.transaction();
    for (const [path, text] of Object.entries(entries)) transaction.setData(path, Buffer.from(text));
    await this.call((done) => transaction.commit(done));
  }

  /** Creates `path` (its parent must exist) with `text`, readable and writable only by the digest user `user:password`. */
  async createLocked(path: string, text: string, digest: string): Promise<void> {
    const [user] = digest.split(':');
    const hash = createHash('sha1').update(digest).digest('base64');
    const acls = [new ACL(Permission.ALL, new Id('digest', `${user}:${hash}`))];
    await this.call((done) => this.client.create(path, Buffer.from(text), acls, CreateMode.PERSISTENT, done));
  }

  /** Removes the node `path` (it must have no children); a missing node is fine. */
  async remove(path: string): Promise<void> {
    try {
      await this.call((done) => this.client.remove(path, done));
    } catch (error) {
      if (!(error instanceof Exception && error.getCode() === Exception.NO_NODE)) throw error;
    }
  }

  /** Closes the writer's session. */
  close(): void {
    this.client.close();
  }

  private call<T = unknown>(send: (done: (error: Error | Exception | null, value?: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => send((error, value) => (error ? reject(error) : resolve(value as T))));
  }
}
