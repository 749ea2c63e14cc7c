import { readFileSync, rmSync } from 'node:fs';
import type { Etcd3, IOptions } from 'etcd3';
import { createTestCertificates, type TestCertificates } from '../test-certificates';
import { waitFor } from '../wait-for';
import { createMembers, makeClusterRoot, type EtcdClusterOptions } from './etcd-cluster-layout';
import type { EtcdMember } from './etcd-member';
import { endpointStatus, etcdctl } from './etcdctl';

export type { EtcdClusterOptions } from './etcd-cluster-layout';

/** Makes an etcd3 client; etcd3 is an optional peer of this package, so it is loaded on first use. */
type Connect = (options: IOptions) => Etcd3;

/**
 * Real etcd for tests: one member or a cluster on free loopback ports, each with a temp data dir
 * (in /dev/shm when it exists, for fast fsyncs). `stop()` kills every member, closes every client
 * it handed out and removes the data dirs.
 */
export class EtcdCluster {
  private readonly clients: Etcd3[] = [];

  private constructor(
    readonly members: readonly EtcdMember[],
    private readonly root: string,
    /** The generated certificates of a TLS cluster. */
    readonly certificates: TestCertificates | undefined,
    private readonly connect: Connect,
  ) {}

  /** Starts the members and waits until every one is healthy. */
  static async start(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
    const connect = await loadConnect();
    const root = makeClusterRoot();
    let cluster: EtcdCluster | undefined;
    try {
      const certificates = options.tls ? createTestCertificates(root) : undefined;
      cluster = new EtcdCluster(await createMembers(root, options, certificates), root, certificates, connect);
      cluster.members.forEach((member) => member.spawn());
      await Promise.all(cluster.members.map((member) => member.waitReady()));
      return cluster;
    } catch (error) {
      if (cluster) await cluster.stop();
      else rmSync(root, { recursive: true, force: true });
      throw error;
    }
  }

  /** Every member's `host:port`. */
  get endpoints(): string[] {
    return this.members.map((member) => member.endpoint);
  }

  /** Every member's client URL (`https://` for a TLS cluster). */
  get urls(): string[] {
    return this.members.map((member) => member.clientUrl);
  }

  /**
   * An etcd3 client on every member (or `options.hosts`), with the cluster's TLS files, a 5 s
   * deadline on every call and no circuit breaker; it is closed by `stop()`.
   */
  client(options: Partial<IOptions> = {}): Etcd3 {
    const client = this.newClient(options);
    this.clients.push(client);
    return client;
  }

  /** The member that leads the cluster now, asked of the running members (`etcdctl endpoint status`). */
  async leader(): Promise<EtcdMember> {
    for (const member of this.members.filter((m) => m.running)) {
      try {
        const status = await endpointStatus(member.etcdctlTarget());
        if (status.leader === status.memberId) return member;
      } catch {
        // An unreachable member is not the leader.
      }
    }
    throw new Error('No running etcd member says it is the leader');
  }

  /** Makes `target` the leader (`etcdctl move-leader`, sent to the current leader) and waits for it. */
  async moveLeader(target: EtcdMember): Promise<void> {
    const leader = await this.leader();
    if (leader === target) return;
    const { memberId } = await endpointStatus(target.etcdctlTarget());
    await etcdctl(['move-leader', BigInt(memberId).toString(16)], leader.etcdctlTarget());
    await waitFor(async () => (await this.leader()) === target, `${target.name} to lead`, 10_000, 20);
  }

  /**
   * Runs `etcdctl` against every member, with the cluster's TLS files and, once auth is on, as
   * `user` (`name:password`); resolves to its output.
   */
  etcdctl(args: readonly string[], user?: string): Promise<string> {
    const [first] = this.members;
    return etcdctl(args, { ...first.etcdctlTarget(user), endpoints: this.urls });
  }

  /** The running members that hold at least one watcher (`etcd_debugging_mvcc_watcher_total`). */
  async membersWatched(): Promise<EtcdMember[]> {
    const running = this.members.filter((member) => member.running);
    const counts = await Promise.all(running.map((member) => member.metric('etcd_debugging_mvcc_watcher_total')));
    return running.filter((_, i) => counts[i] > 0);
  }

  /** The cluster's current revision. */
  async revision(client: Etcd3 = this.client()): Promise<number> {
    const response = await client.get('/config-center-harness/revision-probe').exec();
    return Number(response.header.revision);
  }

  /** Compacts the history up to `revision` (default: the current one, `etcdctl compact --physical`); returns that revision. */
  async compact(revision?: number, user?: string): Promise<number> {
    const target = revision ?? (await this.revision());
    await this.etcdctl(['compact', String(target), '--physical'], user);
    return target;
  }

  /** The ids (plain hex, as `BigInt(id).toString(16)` writes them) of the leases etcd holds now (`etcdctl lease list`). */
  async leases(): Promise<string[]> {
    const [, ...ids] = (await this.etcdctl(['lease', 'list'])).trim().split('\n');
    // etcdctl pads some ids with a leading 0: each is given as its plain hex.
    return ids
      .map((id) => id.trim())
      .filter(Boolean)
      .map((id) => BigInt(`0x${id}`).toString(16));
  }

  /** The TTL (seconds) lease `id` (hex) was granted with (`etcdctl lease timetolive`). */
  async leaseGrantedTtl(id: string): Promise<number> {
    const match = /granted with TTL\((\d+)s\)/.exec(await this.etcdctl(['lease', 'timetolive', id]));
    if (!match) throw new Error(`etcdctl lease timetolive: no granted TTL for lease ${id}`);
    return Number(match[1]);
  }

  /** Revokes lease `id` (hex), as an operator behind its holder's back (`etcdctl lease revoke`). */
  async revokeLease(id: string): Promise<void> {
    await this.etcdctl(['lease', 'revoke', id]);
  }

  /** Kills every member, closes every client and removes the data dirs. */
  async stop(): Promise<void> {
    this.clients.splice(0).forEach((client) => client.close());
    await Promise.all(this.members.map((member) => member.kill9()));
    rmSync(this.root, { recursive: true, force: true });
  }

  private newClient(options: Partial<IOptions>): Etcd3 {
    const certificates = this.certificates;
    const credentials = certificates && {
      rootCertificate: readFileSync(certificates.caFile),
      certChain: readFileSync(certificates.clientCertFile),
      privateKey: readFileSync(certificates.clientKeyFile),
    };
    const defaultCallOptions: IOptions['defaultCallOptions'] = (context) => (context.isStream ? {} : { deadline: Date.now() + 5000 });
    return this.connect({ hosts: this.urls, credentials, defaultCallOptions, ...options });
  }
}

/**
 * Loads etcd3, and cockatiel's no-op policy for its `faultHandling` (etcd3's documented way to turn
 * fault handling off): no circuit breaker, since a test that restarts a member wants its writes
 * through at once.
 */
async function loadConnect(): Promise<Connect> {
  const [{ Etcd3: Client }, { noop }] = await Promise.all([import('etcd3'), import('cockatiel')]);
  return (options) => new Client({ faultHandling: { host: () => noop }, ...options });
}
