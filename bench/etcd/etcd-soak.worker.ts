import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { generateSections } from '../apply-cost/generated-sections';
import { nextMacrotask } from '../lib/stats';
import { SOAK_KEYS, SOAK_PREFIX, type SoakReply, type SoakRequest } from './etcd-soak';

/*
 * The soak worker: `etcd-soak.worker.js <endpoint>`, run with `--expose-gc`. It boots an app with
 * one validated section of `SOAK_KEYS` keys on etcd (the parent writes the puts, so the writer's
 * memory is not counted here). On `mark`, it waits until the given revision is applied and replies
 * with heap and RSS after forced GC; on `close`, it closes the app, replies, closes its IPC channel
 * and does NOT exit by itself: the parent checks that the process ends on its own.
 */

/** Heap and RSS after forced full collections, in bytes. */
function memory(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the soak worker with --expose-gc');
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

function reply(message: SoakReply, last = false): void {
  process.send?.(message, undefined, undefined, () => (last ? process.disconnect() : undefined));
}

async function main(): Promise<void> {
  const [endpoint] = process.argv.slice(2);
  const source = new EtcdConfigSource({ hosts: endpoint, prefix: SOAK_PREFIX, reconcileIntervalMs: 0 });
  class SoakModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: () => [source], sections: generateSections(1, SOAK_KEYS) })] })(SoakModule);
  const app = await NestFactory.createApplicationContext(SoakModule, { logger: false });
  const service = app.get(ConfigCenterService);
  process.on('message', (request: SoakRequest) => {
    void (async () => {
      if (request.kind === 'mark') {
        while (Number(service.status().sources[0].revision) < request.revision) await nextMacrotask();
        reply({ kind: 'mark', ...memory() });
      } else {
        const versions = service.status().version;
        await app.close();
        reply({ kind: 'closed', versions }, true);
      }
    })().catch(fail);
  });
  reply({ kind: 'ready' });
}

function fail(error: unknown): void {
  reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, true);
  process.exitCode = 1;
}

main().catch(fail);
