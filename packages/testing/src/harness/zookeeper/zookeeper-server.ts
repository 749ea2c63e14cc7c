import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../free-port';
import { waitFor } from '../wait-for';
import { fourLetterWord } from './zookeeper-four-letter';
import { ZooKeeperServerProcess } from './zookeeper-server-process';

/** How long a JVM may take to start serving on a loaded machine. */
const START_TIMEOUT_MS = 60_000;

/**
 * A real standalone ZooKeeper server (Debian's `zookeeper` package) on a free loopback port with
 * its own `zoo.cfg` and data dir in a temp dir: no admin server, only the `ruok` and `srvr`
 * four-letter commands. Ready when `srvr` answers (`ruok` answers before the data is loaded). It
 * can be stopped, killed, paused (SIGSTOP), resumed and restarted on the same port and data;
 * `close()` stops it and removes the temp dir.
 *
 * @example
 * ```ts
 * const server = await ZooKeeperServer.start();
 * const source = new ZooKeeperConfigSource({ connect: server.connectString, root: '/configs/app' });
 * await server.restart();
 * await server.close();
 * ```
 */
export class ZooKeeperServer {
  private spawned: ZooKeeperServerProcess | undefined;

  private constructor(
    /** The loopback port clients connect to. */
    readonly port: number,
    /** The temp dir holding its `zoo.cfg` and data dir; removed by `close()`. */
    readonly dir: string,
  ) {}

  /** Writes a config for a free port and a fresh data dir, and starts the server. */
  static async start(options: { readonly tickTimeMs?: number; readonly timeoutMs?: number } = {}): Promise<ZooKeeperServer> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'config-center-zk-'));
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const config = [
      `tickTime=${options.tickTimeMs ?? 500}`,
      `dataDir=${dataDir}`,
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,srvr',
      // Sessions may be as short as 2 ticks; tests expire them in a second or two.
      'minSessionTimeout=1000',
    ];
    writeFileSync(join(dir, 'zoo.cfg'), `${config.join('\n')}\n`);
    const server = new ZooKeeperServer(port, dir);
    try {
      await server.begin(options.timeoutMs ?? START_TIMEOUT_MS);
    } catch (error) {
      await server.close();
      throw error;
    }
    return server;
  }

  /** `127.0.0.1:port`, as ZooKeeper clients take a connect string. */
  get connectString(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Whether the JVM is up (a paused one counts as running). */
  get running(): boolean {
    return this.spawned?.running ?? false;
  }

  /** The last lines the JVM wrote, for failure messages. */
  get output(): string {
    return this.spawned?.output ?? '';
  }

  /** Starts the server again (after `stop` or `kill9`) on the same port and data, and waits until it serves. */
  async begin(timeoutMs = START_TIMEOUT_MS): Promise<void> {
    if (this.running) throw new Error(`ZooKeeper server on port ${this.port} is already running`);
    this.spawned = new ZooKeeperServerProcess(join(this.dir, 'zoo.cfg'));
    await this.waitReady(timeoutMs);
  }

  /** Waits until `srvr` answers that the server serves (standalone, data loaded). */
  async waitReady(timeoutMs = START_TIMEOUT_MS): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`ZooKeeper exited: ${this.output.trim() || 'no output'}`);
        return this.serving();
      },
      `ZooKeeper on port ${this.port} to serve`,
      timeoutMs,
      50,
    );
  }

  /** One `srvr` probe: true when it answers with the server's mode; false on any error or silence. */
  async serving(): Promise<boolean> {
    const answer = await fourLetterWord(this.port, 'srvr').catch(() => '');
    return /^Mode: /m.test(answer);
  }

  /** The last zxid the server applied, from `srvr`, as a hex string (`0x1a`). */
  async zxid(): Promise<string> {
    const answer = await fourLetterWord(this.port, 'srvr');
    const zxid = /^Zxid: (0x[0-9a-f]+)/m.exec(answer)?.[1];
    if (!zxid) throw new Error(`ZooKeeper on port ${this.port} answered srvr without a zxid`);
    return zxid;
  }

  /** Stops the server with SIGTERM (SIGKILL after 5 s) and waits for it to exit. */
  async stop(): Promise<void> {
    await this.spawned?.stop();
  }

  /** Kills the server with SIGKILL (no clean shutdown) and waits for it to exit. */
  async kill9(): Promise<void> {
    await this.spawned?.kill9();
  }

  /** Stops the server and starts it again on the same port and data. */
  async restart(timeoutMs?: number): Promise<void> {
    await this.stop();
    await this.begin(timeoutMs);
  }

  /** Freezes the server (SIGSTOP): its connections stay open but nothing answers. */
  pause(): void {
    this.spawned?.pause();
  }

  /** Thaws a paused server (SIGCONT). */
  resume(): void {
    this.spawned?.resume();
  }

  /** Stops the server and removes its temp dir (config and data). */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
