import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigCenterModule, ConfigCenterService, ConfigValue, MemoryConfigSource, type Section } from '@config-center/core';
import type { SectionKind } from '../apply-cost/apply-cost.worker-client';
import { generateSchemaSections, generatedTree, generateSections, generatedValue, type FieldMix } from '../apply-cost/generated-sections';
import type { ReadVariant } from '../lib/tight-loop';

/** The section both kinds declare: ten fields (seven integers ≥ 0, two strings, a boolean) at `s0`. */
const FIELDS = 10;
const MIX: FieldMix = 'mixed';
/** The field every loop reads: an integer, so the loops can sum it. */
const KEY = 'k3';
const EXPECTED = generatedValue(3, MIX) as number;

/** One application serving the section of one kind, and the objects an application reads it through. */
export interface SectionReaders {
  readonly app: INestApplicationContext;
  /** The live view, as `@InjectSection` / constructor injection hands it. */
  readonly view: object;
  /** A provider with `@ConfigValue('s0.k3')`. */
  readonly reader: object;
  readonly service: ConfigCenterService;
  readonly section: Section;
}

/**
 * Boots a Nest application context (logger off) serving the section declared as `kind` from a
 * memory source, with its own provider class holding the `@ConfigValue` property, so each kind's
 * read sites are its own.
 */
export async function bootSectionReaders(kind: SectionKind): Promise<SectionReaders> {
  const [section] = kind === 'schema' ? generateSchemaSections(1, FIELDS, MIX) : generateSections(1, FIELDS, MIX);
  @Injectable()
  class SectionReader {
    @ConfigValue(`s0.${KEY}`) readonly value!: number;
  }
  class ReadModule {}
  const memory = new MemoryConfigSource(generatedTree(1, FIELDS, MIX));
  Module({ imports: [ConfigCenterModule.forRoot({ sources: [memory], sections: [section], isGlobal: true })], providers: [SectionReader] })(
    ReadModule,
  );
  const app = await NestFactory.createApplicationContext(ReadModule, { logger: false });
  const view = app.get<object>('token' in section ? section.token : section);
  return { app, view, reader: app.get(SectionReader), service: app.get(ConfigCenterService), section };
}

/** The read variants of one kind: live view, `@ConfigValue`, and `service.get(section)` as context. */
export function readVariantsOf(kind: SectionKind, { view, reader, service, section }: SectionReaders): ReadVariant[] {
  return [
    { name: liveViewRead(kind), holder: view, read: `o.${KEY}`, expected: EXPECTED },
    { name: configValueRead(kind), holder: reader, read: 'o.value', expected: EXPECTED },
    {
      name: `${kind}: ConfigCenterService.get(section).${KEY}`,
      holder: service,
      read: `o.get(arg).${KEY}`,
      arg: section,
      expected: EXPECTED,
    },
  ];
}

/** A frozen object of the same fields, read the same way: the floor, as context. */
export function frozenReadVariant(): ReadVariant {
  return { name: FROZEN_READ, holder: Object.freeze({ ...generatedTree(1, FIELDS, MIX).s0 }), read: `o.${KEY}`, expected: EXPECTED };
}

export const FROZEN_READ = 'frozen object read';
export const liveViewRead = (kind: SectionKind) => `${kind}: live view (injected section) read`;
export const configValueRead = (kind: SectionKind) => `${kind}: @ConfigValue property read`;
