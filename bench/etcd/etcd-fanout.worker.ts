import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigStore } from '@config-center/core/source-kit';
import { EtcdConfigSource } from '@config-center/etcd';
import { Etcd3 } from 'etcd3';
import { generateSections } from '../apply-cost/generated-sections';
import { FANOUT_KEY, FANOUT_PREFIX, type FanoutReply } from './etcd-fanout';

/*
 * One process of the fan-out: `etcd-fanout.worker.js <endpoint> <raw|library> <count>`, with
 * `--expose-gc`. It starts `count` watchers on one etcd, each with its own etcd3 client as an
 * instance of an app would have: a bare etcd3 watcher on the key (raw), or an `EtcdConfigSource`
 * in a `ConfigStore` with one validated section (library). For each value written, it replies
 * once every one of its watchers has it, with the time the last one got it. The logger is off, as
 * in every other bench: the library's log line per change is an app's choice of level, not apply work.
 */
function reply(message: FanoutReply, last = false): void {
  process.send?.(message, undefined, undefined, () => (last ? process.disconnect() : undefined));
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const [endpoint, kind, countArg] = process.argv.slice(2);
  const count = Number(countArg);
  const seen = new Map<number, number>();
  const saw = (value: number) => {
    const times = (seen.get(value) ?? 0) + 1;
    seen.set(value, times);
    if (times === count) {
      seen.delete(value);
      const { user, system } = process.cpuUsage();
      reply({ kind: 'applied', value, atNs: process.hrtime.bigint().toString(), cpuMicros: user + system });
    }
  };
  const heapBefore = heapUsed();
  const closers: (() => Promise<unknown> | void)[] = [];
  const sections = generateSections(1, 1);
  for (let i = 0; i < count; i++) {
    if (kind === 'raw') {
      const client = new Etcd3({ hosts: endpoint });
      const watcher = await client.watch().key(FANOUT_KEY).create();
      watcher.on('put', (kv) => saw(Number(kv.value.toString())));
      closers.push(() => client.close());
    } else {
      const source = new EtcdConfigSource({ hosts: endpoint, prefix: FANOUT_PREFIX, reconcileIntervalMs: 0 });
      const store = new ConfigStore({ sources: [source], sections });
      await store.load();
      store.startWatching();
      const index = store.bindingOf(sections[0]).index;
      store.snapshots$.subscribe((snapshot) => saw((snapshot.sections[index] as Record<string, number>).k0));
      closers.push(() => store.close());
    }
  }
  reply({ kind: 'ready', heapPerWatcher: (heapUsed() - heapBefore) / count });
  process.on('message', () => {
    void Promise.all(closers.map((close) => close())).then(() => reply({ kind: 'closed' }, true));
  });
}

main().catch((error: unknown) => {
  reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, true);
  process.exitCode = 1;
});
