import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { waitFor } from '../wait-for';
import { etcdBinary } from './etcd-binary';
import { etcdctl, type EtcdctlTarget } from './etcdctl';

/** Server certificate files of a TLS member, and the client certificate its health probe uses. */
export interface EtcdMemberTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Clients must present a certificate signed by the CA (mTLS). */
  readonly clientCertAuth: boolean;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
}

/** Everything that pins one member: its name, ports, data dir and the cluster it belongs to. */
export interface EtcdMemberSpec {
  readonly name: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  /** `n0=http://127.0.0.1:p0,n1=…`: every member's peer URL. */
  readonly initialCluster: string;
  readonly clusterToken: string;
  readonly tls?: EtcdMemberTls;
  readonly extraArgs?: readonly string[];
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * One etcd process on loopback ports and its data dir. It can be killed with SIGKILL, restarted on
 * the same data dir, paused (SIGSTOP) and resumed; the data dir is left to the owning cluster.
 */
export class EtcdMember {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stderrTail = '';

  constructor(readonly spec: EtcdMemberSpec) {}

  /** The member's name in the cluster: `n0`, `n1`, … */
  get name(): string {
    return this.spec.name;
  }

  /**
   * `127.0.0.1:port`, as the etcd3 client takes it; `localhost:port` when the member serves clients
   * over TLS, since a TLS client sends the host as the server name, which must not be an IP address
   * (RFC 6066; Node warns with DEP0123), and the test certificate names `localhost`.
   */
  get endpoint(): string {
    return `${this.spec.tls ? 'localhost' : '127.0.0.1'}:${this.spec.clientPort}`;
  }

  /** `http://127.0.0.1:port`, or `https://localhost:port` when the member serves clients over TLS. */
  get clientUrl(): string {
    return `${this.spec.tls ? 'https' : 'http'}://${this.endpoint}`;
  }

  /** Where the other members reach this one. */
  get peerUrl(): string {
    return `http://127.0.0.1:${this.spec.peerPort}`;
  }

  /** Whether the process is up (spawned and not exited; a paused one counts as running). */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Spawns the process; `waitReady()` waits for it to serve. */
  spawn(): void {
    if (this.child) throw new Error(`etcd member ${this.name} is already running`);
    // etcd reads ETCD_* variables as flags; none of the caller's may change the member.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('ETCD_')));
    const child = spawn(etcdBinary(), this.args(), { stdio: ['ignore', 'ignore', 'pipe'], env });
    this.child = child;
    live.add(child);
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.stderrTail = (this.stderrTail + text).slice(-4000)));
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
  }

  /** Spawns the process and waits until it answers `/health` with `true`. */
  async start(timeoutMs = 15_000): Promise<void> {
    this.spawn();
    await this.waitReady(timeoutMs);
  }

  /** Waits until `/health` says the member serves (it needs a leader, so a quorum, for that). */
  async waitReady(timeoutMs = 15_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.child) throw new Error(`etcd member ${this.name} exited: ${this.stderrTail.trim() || 'no output'}`);
        return this.healthy();
      },
      `etcd member ${this.name} at ${this.clientUrl} to be healthy`,
      timeoutMs,
      25,
    );
  }

  /** Kills the process with SIGKILL (no clean shutdown) and waits for it to exit. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the process with SIGTERM, or SIGKILL after 3 s, and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Starts the member again on the same ports and data dir. */
  async restart(timeoutMs?: number): Promise<void> {
    await this.stop();
    await this.start(timeoutMs);
  }

  /** Stops the member and empties its data dir: `start()` then brings up an etcd with no keys, counting revisions from 1. */
  async wipe(): Promise<void> {
    await this.stop();
    this.emptyDataDir();
  }

  /** How `etcdctl` reaches this member alone: its client URL, and the TLS files of a TLS member. */
  etcdctlTarget(user?: string): EtcdctlTarget {
    const { tls } = this.spec;
    return { endpoints: [this.clientUrl], caFile: tls?.caFile, certFile: tls?.clientCertFile, keyFile: tls?.clientKeyFile, user };
  }

  /** Saves a snapshot of the keyspace to `file`, as an operator's backup does (`etcdctl snapshot save`). */
  async saveSnapshot(file: string): Promise<void> {
    await etcdctl(['snapshot', 'save', file], this.etcdctlTarget());
  }

  /**
   * Stops the member and replaces its data with the snapshot in `file`, as an operator restoring a
   * backup does (`etcdctl snapshot restore`); `start()` brings it up at the snapshot's revision.
   */
  async restoreSnapshot(file: string): Promise<void> {
    await this.stop();
    rmSync(this.spec.dataDir, { recursive: true, force: true });
    await etcdctl([
      ...['snapshot', 'restore', file, '--name', this.name, '--data-dir', this.spec.dataDir],
      ...['--initial-cluster', this.spec.initialCluster, '--initial-cluster-token', this.spec.clusterToken],
      ...['--initial-advertise-peer-urls', this.peerUrl],
    ]);
  }

  /** Freezes the process (SIGSTOP): its sockets stay open but nothing answers. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Thaws a paused process (SIGCONT). */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** One `/health` probe; false on any error or after 1 s. */
  async healthy(): Promise<boolean> {
    const response = await this.httpGet('/health').catch(() => undefined);
    return response?.status === 200 && /"health":\s*"true"/.test(response.body);
  }

  /** The value of a Prometheus gauge or counter on `/metrics`, e.g. `etcd_debugging_mvcc_watcher_total`. */
  async metric(name: string): Promise<number> {
    const { body } = await this.httpGet('/metrics');
    const line = body.split('\n').find((text) => text.startsWith(`${name} `));
    if (!line) throw new Error(`etcd member ${this.name} has no metric ${name}`);
    return Number(line.slice(name.length + 1));
  }

  private httpGet(path: string): Promise<{ status: number; body: string }> {
    const tls = this.spec.tls;
    const request = tls ? httpsRequest : httpRequest;
    const options = tls
      ? { ca: readFileSync(tls.caFile), cert: readFileSync(tls.clientCertFile), key: readFileSync(tls.clientKeyFile) }
      : {};
    return new Promise((resolve, reject) => {
      const req = request(`${this.clientUrl}${path}`, { ...options, timeout: 1000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
      req.on('error', reject);
      req.end();
    });
  }

  private emptyDataDir(): void {
    rmSync(this.spec.dataDir, { recursive: true, force: true });
    mkdirSync(this.spec.dataDir, { mode: 0o700 });
  }

  /** The last lines the process wrote to stderr, for failure messages. */
  get output(): string {
    return this.stderrTail;
  }

  private args(): string[] {
    const { spec } = this;
    const args = [
      ...['--name', spec.name, '--data-dir', spec.dataDir],
      ...['--listen-client-urls', `${this.spec.tls ? 'https' : 'http'}://127.0.0.1:${spec.clientPort}`],
      ...['--advertise-client-urls', this.clientUrl],
      ...['--listen-peer-urls', this.peerUrl, '--initial-advertise-peer-urls', this.peerUrl],
      ...['--initial-cluster', spec.initialCluster, '--initial-cluster-state', 'new'],
      ...['--initial-cluster-token', spec.clusterToken],
      // Fast elections and failure detection for tests; clients may ping every second.
      ...['--heartbeat-interval', '50', '--election-timeout', '500', '--grpc-keepalive-min-time', '1s'],
      ...['--logger', 'zap', '--log-outputs', 'stderr', '--log-level', 'error'],
    ];
    if (spec.tls) args.push('--cert-file', spec.tls.certFile, '--key-file', spec.tls.keyFile);
    if (spec.tls?.clientCertAuth) args.push('--client-cert-auth', '--trusted-ca-file', spec.tls.caFile);
    return [...args, ...(spec.extraArgs ?? [])];
  }
}
