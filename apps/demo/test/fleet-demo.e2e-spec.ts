import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Etcd3 } from 'etcd3';
import { controlPrefixFor, instanceReportsPrefix, readInstanceReports } from '@config-center/etcd';
import { waitFor } from '@config-center/testing/harness';
import { alive, bash, etcdProcessOn, FleetProcess, listening, type EtcdProcess, type PrintedInstance } from './support/fleet-process';

const PREFIX = '/config-center/demo/';
const INSTANCES_PREFIX = instanceReportsPrefix(controlPrefixFor(PREFIX));

const greeting = async (instance: PrintedInstance) => (await fetch(`${instance.url}/greeting`)).json() as Promise<unknown>;

/** The fleet's etcd, found while it runs. */
function etcdOf(fleet: FleetProcess): EtcdProcess {
  return etcdProcessOn(Number(fleet.endpoints[0].split(':')[1]));
}

/** After the fleet exited: nothing it started listens, runs or is left on disk. */
async function expectAllGone(fleet: FleetProcess, etcd: EtcdProcess): Promise<void> {
  const ports = [...fleet.instances.map((instance) => instance.port), ...fleet.endpoints.map((endpoint) => Number(endpoint.split(':')[1]))];
  expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false));
  expect([...fleet.instances.map((instance) => instance.pid), etcd.pid].filter(alive)).toEqual([]);
  // The harness makes each member's data dir in a temp folder of the cluster's own.
  expect([fleet.dir, dirname(etcd.dataDir)].filter((path) => existsSync(path))).toEqual([]);
}

/**
 * `npm run demo:fleet` as a process: etcd, three built demo instances reporting with their labels,
 * the printed commands that work as printed, and a SIGTERM that stops every part of it.
 */
describe('the fleet demo, run as a process', () => {
  let fleet: FleetProcess;

  beforeAll(async () => {
    fleet = new FleetProcess();
    await fleet.ready();
  }, 150_000);
  afterAll(async () => {
    await fleet?.stop();
    await fleet?.removeDir();
  }, 60_000);

  it('prints the instances and the commands to type: publish, rollout, a canary to zone a, its status, promote', () => {
    expect(fleet.instances.map(({ id, labels }) => [id, labels])).toEqual([
      ['demo-a', 'zone=a'],
      ['demo-b', 'zone=b'],
      ['demo-c', 'zone=b'],
    ]);
    expect(new Set(fleet.instances.map((instance) => instance.port)).size).toBe(3);
    const commands = fleet.output.split('\n').filter((text) => text.startsWith('  config-center '));
    expect(commands.map((text) => text.trim().replace(/\s+#.*$/, ''))).toEqual([
      'config-center publish production.yaml -m "greet the fleet"',
      'config-center rollout',
      'config-center canary start canary.yaml -m "try zone a" --labels zone=a',
      'config-center canary status',
      'config-center canary promote',
      'config-center rollout',
    ]);
    for (const instance of fleet.instances) {
      expect(fleet.output).toContain(`  curl -s ${instance.url.replace('http://', '')}/greeting; echo   # ${instance.id}`);
    }
  });

  it('runs three instances, each on its own port, each with its record and labels in etcd', async () => {
    for (const instance of fleet.instances) {
      expect(await greeting(instance)).toEqual({ message: 'Hello from config-center!', limit: 5 });
    }
    const client = new Etcd3({ hosts: fleet.endpoints });
    try {
      const { reports, problems } = await readInstanceReports(client, controlPrefixFor(PREFIX));
      expect(problems).toEqual([]);
      expect(reports.map(({ instanceId, labels, pid }) => ({ instanceId, labels, pid }))).toEqual(
        fleet.instances.map(({ id, pid }, i) => ({ instanceId: id, labels: { zone: i === 0 ? 'a' : 'b' }, pid })),
      );
    } finally {
      client.close();
    }
  });

  it('publishes a change with the printed commands, and every instance follows over HTTP', async () => {
    const printed = (pattern: RegExp) => fleet.line(pattern)[0].trim();
    const run = await bash([
      printed(/^ {2}cd .*$/m),
      printed(/^ {2}alias config-center=.*$/m),
      printed(/^ {2}printf .* > production\.yaml$/m),
      printed(/^ {2}config-center publish .*$/m),
    ]);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`published version 1 to ${PREFIX}`) });
    for (const instance of fleet.instances) {
      await waitFor(
        async () => JSON.stringify(await greeting(instance)) === JSON.stringify({ message: 'Hello, fleet!', limit: 7 }),
        `${instance.id} to follow the publish`,
        15_000,
        50,
      );
    }
  }, 90_000);

  it('on SIGTERM, stops the instances (their records deleted before etcd stops) and etcd, removes its folders and exits 0', async () => {
    const etcd = etcdOf(fleet);
    expect(existsSync(etcd.dataDir)).toBe(true);
    const client = new Etcd3({ hosts: fleet.endpoints });
    const deleted: string[] = [];
    const watcher = await client.watch().prefix(INSTANCES_PREFIX).create();
    watcher.on('delete', (kv) => {
      // Cancelled once every record is gone, before etcd stops: a watch on a stopped etcd retries on a timer.
      if (deleted.push(kv.key.toString()) === fleet.instances.length) void watcher.cancel().catch(() => undefined);
    });
    watcher.on('error', () => undefined);
    try {
      fleet.signal('SIGTERM');
      expect(await fleet.exited(15_000)).toBe(0);
    } finally {
      client.close();
    }
    expect(deleted.sort()).toEqual(fleet.instances.map((instance) => `${INSTANCES_PREFIX}${instance.id}`));
    await expectAllGone(fleet, etcd);
    expect(fleet.output).toMatch(/SIGTERM: stopping the instances and etcd…\nStopped\.\n$/);
  }, 30_000);
});

/** Ctrl-C in a terminal signals the whole foreground process group: the fleet, and the etcd it spawned. */
describe('the fleet demo, stopped with Ctrl-C', () => {
  let fleet: FleetProcess;

  beforeAll(async () => {
    fleet = new FleetProcess();
    await fleet.ready();
  }, 150_000);
  afterAll(async () => {
    await fleet?.stop();
    await fleet?.removeDir();
  }, 60_000);

  it('stops everything and exits 0 when SIGINT reaches its process group', async () => {
    const etcd = etcdOf(fleet);
    fleet.signal('SIGINT', true);
    expect(await fleet.exited(15_000)).toBe(0);
    await expectAllGone(fleet, etcd);
  }, 30_000);
});
