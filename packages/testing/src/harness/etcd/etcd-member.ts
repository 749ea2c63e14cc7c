import { mkdirSync, rmSync } from 'node:fs';
import { waitFor } from '../wait-for';
import { etcdMemberGet } from './etcd-member-http';
import { EtcdMemberProcess } from './etcd-member-process';
import type { EtcdMemberSpec } from './etcd-member-spec.interface';
import { etcdctl, type EtcdctlTarget } from './etcdctl';

export type { EtcdMemberSpec, EtcdMemberTls } from './etcd-member-spec.interface';

/**
 * One etcd process on loopback ports and its data dir. It can be killed with SIGKILL, restarted on
 * the same data dir, paused (SIGSTOP) and resumed; the data dir is left to the owning cluster.
 */
export class EtcdMember {
  private spawned: EtcdMemberProcess | undefined;

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
    return this.spawned?.running ?? false;
  }

  /** Spawns the process; `waitReady()` waits for it to serve. */
  spawn(): void {
    if (this.running) throw new Error(`etcd member ${this.name} is already running`);
    this.spawned = new EtcdMemberProcess(this.args());
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
        if (!this.running) throw new Error(`etcd member ${this.name} exited: ${this.output.trim() || 'no output'}`);
        return this.healthy();
      },
      `etcd member ${this.name} at ${this.clientUrl} to be healthy`,
      timeoutMs,
      25,
    );
  }

  /** Kills the process with SIGKILL (no clean shutdown) and waits for it to exit. */
  async kill9(): Promise<void> {
    await this.spawned?.kill9();
  }

  /** Stops the process with SIGTERM, or SIGKILL after 3 s, and waits for it to exit. */
  async stop(): Promise<void> {
    await this.spawned?.stop();
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
    this.spawned?.pause();
  }

  /** Thaws a paused process (SIGCONT). */
  resume(): void {
    this.spawned?.resume();
  }

  /** One `/health` probe; false on any error or after 1 s. */
  async healthy(): Promise<boolean> {
    const response = await etcdMemberGet(this.clientUrl, '/health', this.spec.tls).catch(() => undefined);
    return response?.status === 200 && /"health":\s*"true"/.test(response.body);
  }

  /** The value of a Prometheus gauge or counter on `/metrics`, e.g. `etcd_debugging_mvcc_watcher_total`. */
  async metric(name: string): Promise<number> {
    const { body } = await etcdMemberGet(this.clientUrl, '/metrics', this.spec.tls);
    const line = body.split('\n').find((text) => text.startsWith(`${name} `));
    if (!line) throw new Error(`etcd member ${this.name} has no metric ${name}`);
    return Number(line.slice(name.length + 1));
  }

  private emptyDataDir(): void {
    rmSync(this.spec.dataDir, { recursive: true, force: true });
    mkdirSync(this.spec.dataDir, { mode: 0o700 });
  }

  /** The last lines the process wrote to stderr, for failure messages. */
  get output(): string {
    return this.spawned?.output ?? '';
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
