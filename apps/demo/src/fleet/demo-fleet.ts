import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { controlPrefixFor, readInstanceReports } from '@config-center/etcd';
import { EtcdCluster, freePort, waitFor } from '@config-center/testing/harness';
import { DEFAULT_ETCD_PREFIX } from '../demo-options';
import { startStandInUpstream, type StandInUpstream } from '../stand-in-upstreams';
import { FleetInstance } from './fleet-instance';
import { fleetInstructions } from './fleet-instructions';
import { cliBin, writeFleetProject } from './fleet-project';

/** The instances of the fleet: two zones, so a canary by label reaches one instance of three. */
export const FLEET_MEMBERS: readonly { readonly id: string; readonly labels: Readonly<Record<string, string>> }[] = [
  { id: 'demo-a', labels: { zone: 'a' } },
  { id: 'demo-b', labels: { zone: 'b' } },
  { id: 'demo-c', labels: { zone: 'b' } },
];

/** How long an instance may take to answer over HTTP and show its record in etcd, three booting at once on a loaded 2-core machine. */
const READY_TIMEOUT_MS = 60_000;

/** Where the fleet works. */
export interface DemoFleetOptions {
  /** The working folder (created if missing, kept at the end); default a temp folder, removed at the end. */
  readonly dir?: string;
}

/**
 * The fleet demo: a local etcd (the `etcd` binary through the test harness), the two stand-in
 * upstreams, and three built demo instances on free ports, each reporting to etcd with its labels,
 * plus a working folder whose `config-center.yaml` points the CLI at them. `stop()` undoes all of
 * it, in order: the instances (so their leases are revoked), the stand-ins, etcd, the temp folders.
 */
export class DemoFleet {
  private cluster: EtcdCluster | undefined;
  private upstreams: StandInUpstream[] = [];
  private instances: FleetInstance[] = [];
  private workDir: string | undefined;
  private readonly prefix = DEFAULT_ETCD_PREFIX;

  private constructor(private readonly options: DemoFleetOptions) {}

  /** Starts everything and waits until every instance answers over HTTP and has its record in etcd; on failure, stops what started. */
  static async start(options: DemoFleetOptions = {}): Promise<DemoFleet> {
    const fleet = new DemoFleet(options);
    try {
      await fleet.startParts();
      return fleet;
    } catch (error) {
      await fleet.stop();
      throw error;
    }
  }

  /** What to type next: the instances, the CLI alias, publish, rollout, canary, promote, curl lines. */
  instructions(): string {
    return fleetInstructions({
      dir: this.workDir ?? '',
      removesDir: !this.options.dir,
      endpoints: this.cluster?.endpoints ?? [],
      prefix: this.prefix,
      controlPrefix: controlPrefixFor(this.prefix),
      cliBin: cliBin(),
      instances: this.instances,
    });
  }

  /** An instance that exited while the fleet runs (a `kill -9` from the operator), once each. */
  exitedInstances(): FleetInstance[] {
    return this.instances.filter((instance) => instance.exit !== undefined);
  }

  /** Stops the instances (each closes, revoking its lease), the stand-ins and etcd, and removes the temp folders. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop()));
    await Promise.all(this.upstreams.map((upstream) => upstream.close()));
    await this.cluster?.stop();
    if (this.workDir && !this.options.dir) await rm(this.workDir, { recursive: true, force: true });
  }

  private async startParts(): Promise<void> {
    this.workDir = this.options.dir ? resolve(this.options.dir) : await mkdtemp(join(tmpdir(), 'config-center-fleet-'));
    this.cluster = await EtcdCluster.start();
    this.upstreams = [await startStandInUpstream('a'), await startStandInUpstream('b')];
    const [a, b] = this.upstreams;
    const etcd = { endpoints: this.cluster.endpoints, prefix: this.prefix };
    const { configPath } = await writeFleetProject(this.workDir, etcd, { a: a.url, b: b.url });
    for (const member of FLEET_MEMBERS) {
      const spec = { ...member, port: await freePort() };
      this.instances.push(new FleetInstance(spec, join(this.workDir, member.id), { ...etcd, configPath }));
    }
    await Promise.all(this.instances.map((instance) => this.answers(instance)));
    await this.reported();
  }

  /** Waits until the instance answers `GET /config/status`; an instance that exits first is an error with its log's tail. */
  private async answers(instance: FleetInstance): Promise<void> {
    const status = async () => instance.exit !== undefined || (await fetch(`${instance.url}/config/status`)).ok;
    await waitFor(status, `${instance.spec.id} to answer at ${instance.url}`, READY_TIMEOUT_MS, 100);
    if (instance.exit !== undefined) {
      throw new Error(
        `${instance.spec.id} exited with ${instance.exit} before it answered; its log (${instance.logPath}) ends:\n${instance.logTail()}`,
      );
    }
  }

  /** Waits until every instance's record is in etcd, where `rollout` reads it. */
  private async reported(): Promise<void> {
    const client = this.cluster!.client();
    const ids = FLEET_MEMBERS.map((member) => member.id);
    await waitFor(
      async () => {
        const { reports } = await readInstanceReports(client, controlPrefixFor(this.prefix));
        return ids.every((id) => reports.some((report) => report.instanceId === id));
      },
      `the records of ${ids.join(', ')} in etcd`,
      READY_TIMEOUT_MS,
      100,
    );
  }
}
