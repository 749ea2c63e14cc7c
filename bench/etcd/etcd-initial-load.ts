import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService } from '@config-center/core';
import { EtcdConfigSource } from '@config-center/etcd';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Etcd3 } from 'etcd3';
import { generateSections, type GeneratedSection } from '../apply-cost/generated-sections';
import { EventLoopBlockProbe } from '../lib/event-loop-block';

/** 100 sections of 100 keys: 10,000 keys under the prefix. */
export const LOAD_SECTIONS = 100;
export const LOAD_KEYS_PER_SECTION = 100;
/** The prefix the initial-load samples read. */
export const LOAD_PREFIX = '/bench/initial-load/';

/** Writes `s<i>/k<j>` = `j` under `LOAD_PREFIX`: the tree `generatedTree(100, 100)` describes. */
export async function seedInitialLoadKeys(client: Etcd3): Promise<number> {
  const puts: Promise<unknown>[] = [];
  let written = 0;
  for (let s = 0; s < LOAD_SECTIONS; s++) {
    for (let k = 0; k < LOAD_KEYS_PER_SECTION; k++) puts.push(client.put(`${LOAD_PREFIX}s${s}/k${k}`).value(String(k)).exec());
    if (puts.length >= 1000 || s === LOAD_SECTIONS - 1) {
      await Promise.all(puts.splice(0));
      written = (s + 1) * LOAD_KEYS_PER_SECTION;
    }
  }
  return written;
}

/**
 * One timed initial load: its milliseconds, how many keys (or leaf values) it delivered, and the
 * longest time the event loop was blocked during it (an app's other work waits that long).
 */
export interface LoadSample {
  readonly ms: number;
  readonly keys: number;
  readonly longestBlockMs: number;
}

/**
 * The baseline: the same necessary work, hand-written with public APIs, in a Nest module as an app
 * without the library would — from creating an etcd3 client until the context is ready: the prefix
 * read, the tree built from the keys, and `plainToInstance` (with implicit conversion) and
 * `validateSync` per section. The section classes are the application's own, built before.
 */
export async function handWrittenLoad(endpoint: string, sections: GeneratedSection[]): Promise<LoadSample> {
  const probe = EventLoopBlockProbe.start();
  const start = performance.now();
  const client = new Etcd3({ hosts: endpoint });
  const LOADED = Symbol('LOADED');
  let keys = 0;
  const load = async () => {
    const kvs = await client.getAll().prefix(LOAD_PREFIX).strings();
    const tree: Record<string, Record<string, string>> = {};
    for (const [key, value] of Object.entries(kvs)) {
      const [section, field] = key.slice(LOAD_PREFIX.length).split('/');
      (tree[section] ??= {})[field] = value;
      keys++;
    }
    return sections.map((type, i) => {
      const instance = plainToInstance(type, tree[`s${i}`] ?? {}, { enableImplicitConversion: true, exposeDefaultValues: true });
      if (validateSync(instance, { forbidUnknownValues: false }).length) throw new Error(`${type.name} is invalid`);
      return Object.freeze(instance);
    });
  };
  const providers = [
    { provide: LOADED, useFactory: load },
    ...sections.map((type, i) => ({ provide: type, inject: [LOADED], useFactory: (loaded: object[]) => loaded[i] })),
  ];
  class HandWrittenModule {}
  Module({ providers })(HandWrittenModule);
  const app = await NestFactory.createApplicationContext(HandWrittenModule, { logger: false });
  const ms = performance.now() - start;
  const longestBlockMs = probe.stop();
  const last = app.get<Record<string, number>>(sections[sections.length - 1])[`k${LOAD_KEYS_PER_SECTION - 1}`];
  await app.close();
  client.close();
  if (last !== LOAD_KEYS_PER_SECTION - 1) throw new Error(`the hand-written loader read ${String(last)}`);
  return { ms, keys, longestBlockMs };
}

/**
 * The library: from constructing the `EtcdConfigSource` and the module until
 * `NestFactory.createApplicationContext` resolves — the prefix read, the tree built, all 100
 * sections bound and validated (`@IsInt() @Min(0)` on every key) and the watch started. The
 * section classes are the application's own, so they are built before the timing starts.
 */
export async function libraryLoad(endpoint: string, sections: GeneratedSection[]): Promise<LoadSample> {
  const probe = EventLoopBlockProbe.start();
  const start = performance.now();
  const source = new EtcdConfigSource({ hosts: endpoint, prefix: LOAD_PREFIX, reconcileIntervalMs: 0 });
  class InitialLoadModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: [source], sections })] })(InitialLoadModule);
  const app = await NestFactory.createApplicationContext(InitialLoadModule, { logger: false });
  const ms = performance.now() - start;
  const longestBlockMs = probe.stop();
  try {
    const service = app.get(ConfigCenterService);
    if (service.status().state !== 'ready') throw new Error(`module state is '${service.status().state}' after the initial load`);
    const keys = sections.reduce((count, type) => count + Object.keys(service.get(type)).length, 0);
    const last = `s${LOAD_SECTIONS - 1}.k${LOAD_KEYS_PER_SECTION - 1}`;
    if (service.get(last) !== LOAD_KEYS_PER_SECTION - 1) throw new Error(`${last} reads ${String(service.get(last))}`);
    return { ms, keys, longestBlockMs };
  } finally {
    await app.close();
  }
}

/**
 * One worker's share: a cold sample (the first load this process makes: what an application's
 * startup pays) and then `warm` more of the same kind in the same process, as context.
 */
export async function initialLoadSamples(endpoint: string, kind: string, warm: number): Promise<{ cold: LoadSample; warm: LoadSample[] }> {
  const sections = generateSections(LOAD_SECTIONS, LOAD_KEYS_PER_SECTION);
  const once = () => (kind === 'library' ? libraryLoad(endpoint, sections) : handWrittenLoad(endpoint, sections));
  const cold = await once();
  const repeats: LoadSample[] = [];
  for (let i = 0; i < warm; i++) repeats.push(await once());
  return { cold, warm: repeats };
}
