import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { alive, etcdProcessOn, FleetProcess, listening } from './support/fleet-process';

/**
 * A closed terminal: the kernel sends SIGHUP to the foreground process group (the fleet and the
 * etcd it spawned; the instances run in groups of their own), and the terminal no longer takes
 * output. The fleet stops its instances and etcd and removes its temp folder as on Ctrl-C.
 */
describe('the fleet demo, when its terminal closes (SIGHUP)', () => {
  let fleet: FleetProcess;

  beforeAll(async () => {
    fleet = new FleetProcess();
    await fleet.ready();
  }, 150_000);
  afterAll(async () => {
    await fleet?.stop();
    // A fleet that died of the signal leaves its instances (each in a process group of its own) running.
    for (const { pid } of fleet?.instances ?? []) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await fleet?.removeDir();
  }, 60_000);

  it('stops the instances and etcd, removes its temp folder and exits 0', async () => {
    const { dir, instances, endpoints } = fleet;
    const etcd = etcdProcessOn(Number(endpoints[0].split(':')[1]));
    fleet.closeOutput();
    fleet.signal('SIGHUP', true);
    expect(await fleet.exited(30_000)).toBe(0);

    const ports = [...instances.map((instance) => instance.port), ...endpoints.map((endpoint) => Number(endpoint.split(':')[1]))];
    expect(await Promise.all(ports.map(listening))).toEqual(ports.map(() => false));
    expect([...instances.map((instance) => instance.pid), etcd.pid].filter(alive)).toEqual([]);
    // The harness makes each member's data dir in a temp folder of the cluster's own.
    expect([dir, dirname(etcd.dataDir)].filter((path) => existsSync(path))).toEqual([]);
  }, 45_000);
});
