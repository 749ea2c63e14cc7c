import 'reflect-metadata';
import { ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { Logger } from '@nestjs/common';
import { RateLimitConfig } from './fleet.sections';

/** What the parent sends a fleet worker: ask when its last instance swapped, or close them all. */
export type FleetWorkerRequest = { readonly kind: 'last-applied' } | { readonly kind: 'close' };
/** What a fleet worker answers. */
export type FleetWorkerReply =
  | { readonly kind: 'ready'; readonly instances: number }
  /** When the last of its instances swapped in a new config (`process.hrtime.bigint()`, the same clock in every process). */
  | { readonly kind: 'last-applied'; readonly atNs: string }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly message: string };

/** Instances started at a time: enough to start 250 in a few seconds, few enough not to time out their first loads. */
const STARTING_AT_ONCE = 25;
/** The lease TTL of each instance's record: the default of `EtcdConfigSource`'s `report`. */
export const FLEET_TTL_SECONDS = 10;

/*
 * One process of the fleet: `fleet.worker.js <endpoint> <prefix> <first> <count> <process>`. It
 * runs `count` simulated instances, each what an app holds: an `EtcdConfigSource` with its own
 * etcd3 client (one connection, one watch, one lease keep-alive stream, as a pod has) and
 * `report` on, in a `ConfigStore` with the service's section, loaded and watching, which starts
 * its reporter as the module does once the app has bootstrapped. Everything else is the default.
 */
function reply(message: FleetWorkerReply, last = false): void {
  process.send?.(message, undefined, undefined, () => (last ? process.disconnect() : undefined));
}

/** When the last swap of any instance of this process happened. */
let lastAppliedNs = 0n;

async function startInstance(endpoint: string, prefix: string, index: number, processIndex: string): Promise<ConfigStore> {
  const source = new EtcdConfigSource({
    hosts: endpoint,
    prefix,
    report: {
      instanceId: `fleet-${String(index).padStart(4, '0')}`,
      labels: { zone: ['a', 'b', 'c'][index % 3], process: processIndex },
      ttlSeconds: FLEET_TTL_SECONDS,
    },
  });
  const store = new ConfigStore({ sources: [source], sections: [RateLimitConfig], startupTimeoutMs: 30_000 });
  await store.load();
  store.changes$.subscribe(() => (lastAppliedNs = process.hrtime.bigint()));
  store.startWatching();
  return store;
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const [endpoint, prefix, firstArg, countArg, processIndex] = process.argv.slice(2);
  const first = Number(firstArg);
  const count = Number(countArg);
  const stores: ConfigStore[] = [];
  for (let start = first; start < first + count; start += STARTING_AT_ONCE) {
    const batch = Array.from({ length: Math.min(STARTING_AT_ONCE, first + count - start) }, (_, i) => start + i);
    stores.push(...(await Promise.all(batch.map((index) => startInstance(endpoint, prefix, index, processIndex)))));
  }
  reply({ kind: 'ready', instances: stores.length });
  process.on('message', (request: FleetWorkerRequest) => {
    if (request.kind === 'last-applied') return reply({ kind: 'last-applied', atNs: String(lastAppliedNs) });
    void Promise.all(stores.map((store) => store.close())).then(() => reply({ kind: 'closed' }, true));
  });
}

main().catch((error: unknown) => {
  reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, true);
  process.exitCode = 1;
});
