import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsInt } from 'class-validator';
import { ConfigCenterModule, ConfigCenterService, ConfigSection, ConfigValue } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { Etcd3 } from 'etcd3';

/** The section the propagated value lives in: validated on every swap, as an application's would be. */
@ConfigSection('bench')
class BenchSection {
  @IsInt() value = 0;
}

/** What an application reads: the value through `@ConfigValue`. */
@Injectable()
class BenchProbe {
  @ConfigValue('bench.value') readonly value!: number;
}

/** Latencies, in milliseconds, from sending a put to its value being seen. */
export interface PropagationSamples {
  /** …visible through `@ConfigValue` in a Nest app watching with `EtcdConfigSource`. */
  readonly source: number[];
  /** …delivered as a `put` event to a bare etcd3 watcher on the same server (the baseline). */
  readonly watcher: number[];
}

/**
 * Alternates the two measurements on one etcd, `rounds` times each after `warmup` discarded:
 * (A) a put to `/bench/app/bench/value` — time until `@ConfigValue` returns it (observed in the
 * `changes$` handler, which runs right after the swap); (B) a put to `/bench/base/value` — time
 * until a bare etcd3 watcher on `/bench/base/` emits it. Neither watch sees the other's key.
 */
export async function measurePropagation(endpoint: string, rounds: number, warmup: number): Promise<PropagationSamples> {
  const writer = new Etcd3({ hosts: endpoint });
  const bare = new Etcd3({ hosts: endpoint });
  const source = new EtcdConfigSource({ hosts: endpoint, prefix: '/bench/app/', reconcileIntervalMs: 0 });
  await writer.put('/bench/app/bench/value').value('-1');
  class PropagationModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: [source], sections: [BenchSection] })], providers: [BenchProbe] })(
    PropagationModule,
  );
  const app = await NestFactory.createApplicationContext(PropagationModule, { logger: false });
  const watcher = await bare.watch().prefix('/bench/base/').create();
  const probe = app.get(BenchProbe);
  let expected = Number.NaN;
  let seenBySource: (at: number) => void = () => undefined;
  let seenByWatcher: (at: number) => void = () => undefined;
  const changes = app.get(ConfigCenterService).changes$.subscribe(() => probe.value === expected && seenBySource(performance.now()));
  watcher.on('put', (kv) => Number(kv.value.toString()) === expected && seenByWatcher(performance.now()));
  const samples: PropagationSamples = { source: [], watcher: [] };
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      expected = round;
      const visible = new Promise<number>((resolve) => (seenBySource = resolve));
      const sentA = performance.now();
      await writer.put('/bench/app/bench/value').value(String(round));
      const sourceMs = (await visible) - sentA;
      const delivered = new Promise<number>((resolve) => (seenByWatcher = resolve));
      const sentB = performance.now();
      await writer.put('/bench/base/value').value(String(round));
      const watcherMs = (await delivered) - sentB;
      if (round >= warmup) {
        samples.source.push(sourceMs);
        samples.watcher.push(watcherMs);
      }
    }
  } finally {
    changes.unsubscribe();
    await watcher.cancel();
    await app.close();
    writer.close();
    bare.close();
  }
  return samples;
}
