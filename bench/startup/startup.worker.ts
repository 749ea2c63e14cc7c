import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'yaml';
import { ConfigCenterModule, ConfigCenterService, FileConfigSource } from '@config-center/core';
import { generateSections, type GeneratedSection } from '../apply-cost/generated-sections';

/*
 * One cold startup: `startup.worker.js <library|baseline> <file> <sections> <fields>`. Replies
 * `{ ms }`, the time from building the module until `NestFactory.createApplicationContext`
 * resolves with every section ready, then exits. The section classes are the application's own,
 * so they are built before the clock starts, for both.
 */

/** The library: a `FileConfigSource` and `ConfigCenterModule.forRoot` with every section. */
function libraryModule(file: string, sections: GeneratedSection[]): Type {
  class StartupModule {}
  Module({ imports: [ConfigCenterModule.forRoot({ sources: () => [new FileConfigSource({ path: file })], sections })] })(StartupModule);
  return StartupModule;
}

/**
 * The baseline: the same necessary work, hand-written with public APIs — read the file, parse the
 * YAML, then `plainToInstance` and `validateSync` each section — in a factory whose instances the
 * module provides, as an app without the library would.
 */
function baselineModule(file: string, sections: GeneratedSection[]): Type {
  const LOADED = Symbol('LOADED');
  const load = async () => {
    const tree = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return sections.map((type, i) => {
      const instance = plainToInstance(type, tree[`s${i}`] ?? {}, { exposeDefaultValues: true });
      const errors = validateSync(instance, { forbidUnknownValues: false });
      if (errors.length) throw new Error(`${type.name} is invalid`);
      return Object.freeze(instance);
    });
  };
  const providers = [
    { provide: LOADED, useFactory: load },
    ...sections.map((type, i) => ({ provide: type, inject: [LOADED], useFactory: (loaded: object[]) => loaded[i] })),
  ];
  class StartupModule {}
  Module({ providers, exports: sections })(StartupModule);
  return StartupModule;
}

function check(app: INestApplicationContext, kind: string, sections: GeneratedSection[], fields: number): void {
  const last = sections[sections.length - 1];
  const value = kind === 'library' ? app.get(ConfigCenterService).get(last)[`k${fields - 1}`] : app.get(last)[`k${fields - 1}`];
  if (value !== fields - 1) throw new Error(`${kind}: ${last.name}.k${fields - 1} reads ${String(value)}`);
}

async function main(): Promise<void> {
  const [kind, file, sectionCount, fieldCount] = process.argv.slice(2);
  const sections = generateSections(Number(sectionCount), Number(fieldCount));
  const start = performance.now();
  const module = kind === 'library' ? libraryModule(file, sections) : baselineModule(file, sections);
  const app = await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
  const ms = performance.now() - start;
  check(app, kind, sections, Number(fieldCount));
  await app.close();
  await new Promise<void>((resolve) => process.send?.({ ms }, undefined, undefined, () => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
