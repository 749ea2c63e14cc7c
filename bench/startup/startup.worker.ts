import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'yaml';
import { ConfigCenterModule, ConfigCenterService, FileConfigSource } from '@config-center/core';
import type { SectionKind } from '../apply-cost/apply-cost.worker-client';
import {
  generatedValue,
  generateSchemaSections,
  generateSections,
  type FieldMix,
  type GeneratedSchemaSection,
  type GeneratedSection,
} from '../apply-cost/generated-sections';

/*
 * One cold startup: `startup.worker.js <library|baseline> <file> <sections> <fields> <class|schema>
 * <ints|mixed>`. Replies `{ ms }`, the time from building the module until
 * `NestFactory.createApplicationContext` resolves with every section ready, then exits. The
 * sections (classes, or zod sections for the library's `schema` kind) are the application's own,
 * so they are built before the clock starts, for both.
 */

/** An application's sections: classes, or zod sections (the library only). */
type Sections = (GeneratedSection | GeneratedSchemaSection)[];

/** The library: a `FileConfigSource` and `ConfigCenterModule.forRoot` with every section. */
function libraryModule(file: string, sections: Sections): Type {
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

/** The last field of the last section reads what the file holds. */
function check(app: INestApplicationContext, loader: string, sections: Sections, fields: number, mix: FieldMix): void {
  const last = sections[sections.length - 1];
  const key = `k${fields - 1}`;
  const value = loader === 'library' ? app.get(ConfigCenterService).get(last)[key] : app.get(last as GeneratedSection)[key];
  if (value !== generatedValue(fields - 1, mix)) throw new Error(`${loader}: s${sections.length - 1}.${key} reads ${String(value)}`);
}

async function main(): Promise<void> {
  const [loader, file, sectionCount, fieldCount, kind, mix] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    SectionKind,
    FieldMix,
  ];
  const [count, fields] = [Number(sectionCount), Number(fieldCount)];
  const sections = kind === 'schema' ? generateSchemaSections(count, fields, mix) : generateSections(count, fields, mix);
  const start = performance.now();
  const module = loader === 'library' ? libraryModule(file, sections) : baselineModule(file, sections as GeneratedSection[]);
  const app = await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
  const ms = performance.now() - start;
  check(app, loader, sections, fields, mix);
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
