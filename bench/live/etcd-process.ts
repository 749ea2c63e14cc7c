import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One etcd server for a benchmark: the `etcd` binary (`$ETCD_BIN`, Debian package `etcd-server`)
 * on free loopback ports with a temp data dir (in /dev/shm when it exists), as the tests' harness
 * runs it. `stop()` kills it and removes the data dir.
 */
export class EtcdProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    /** `127.0.0.1:<port>`, as the etcd3 client and `etcdctl --endpoints` take it. */
    readonly endpoint: string,
  ) {}

  static async start(): Promise<EtcdProcess> {
    const [client, peer] = [await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(writableShm() ?? tmpdir(), 'config-center-bench-etcd-'));
    const clientUrl = `http://127.0.0.1:${client}`;
    const peerUrl = `http://127.0.0.1:${peer}`;
    const args = [
      ...['--name', 'bench', '--data-dir', dataDir, '--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl],
      ...['--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl, '--initial-cluster', `bench=${peerUrl}`],
      ...['--logger', 'zap', '--log-outputs', 'stderr', '--log-level', 'error'],
    ];
    const child = spawn(process.env.ETCD_BIN || 'etcd', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    const etcd = new EtcdProcess(child, dataDir, `127.0.0.1:${client}`);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`etcd cannot be run (${error.message}); install etcd-server or set ETCD_BIN`)));
      child.once('exit', (code) => reject(new Error(`etcd exited with code ${code}`)));
    });
    try {
      await Promise.race([etcd.waitHealthy(15_000), failed]);
    } catch (error) {
      await etcd.stop();
      throw error;
    }
    return etcd;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const body = await fetch(`http://${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) })
        .then((response) => response.text())
        .catch(() => '');
      if (/"health":\s*"true"/.test(body)) return;
      if (Date.now() > deadline) throw new Error(`etcd at ${this.endpoint} was not healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function writableShm(): string | undefined {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return undefined;
  }
}
