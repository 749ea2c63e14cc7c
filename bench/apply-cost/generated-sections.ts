import { IsBoolean, IsInt, IsString, Min } from 'class-validator';
import { z } from 'zod';
import { ConfigSection, defineSection, type SchemaSection } from '@config-center/core';

/** A value of a generated field. */
export type GeneratedValue = number | string | boolean;

/** A generated section class: keys `k0…`, each with its default. */
export type GeneratedSection = new () => Record<string, GeneratedValue>;

/** A generated `defineSection` section of the same keys. */
export type GeneratedSchemaSection = SchemaSection<Record<string, GeneratedValue>>;

/**
 * What the fields of generated sections are: `ints` (each an integer ≥ 0, default 0), or `mixed`
 * (each run of ten keys: seven integers ≥ 0, two strings, one boolean — as an application's are).
 */
export type FieldMix = 'ints' | 'mixed';

type FieldType = 'int' | 'string' | 'boolean';

/** The type of field `kN` in a mix. */
function fieldTypeOf(key: number, mix: FieldMix): FieldType {
  if (mix === 'ints') return 'int';
  const slot = key % 10;
  return slot < 7 ? 'int' : slot < 9 ? 'string' : 'boolean';
}

const DEFAULTS: Record<FieldType, GeneratedValue> = { int: 0, string: '', boolean: false };

/** The value `kN` holds in a generated tree: `N`, `text-N` or `true` by its type. */
export function generatedValue(key: number, mix: FieldMix = 'ints'): GeneratedValue {
  const type = fieldTypeOf(key, mix);
  return type === 'int' ? key : type === 'string' ? `text-${key}` : true;
}

/**
 * Builds `count` section classes bound to `s0`, `s1`, … with `keys` fields `k0`, `k1`, … each,
 * decorated exactly as `@IsInt() @Min(0) kN: number = 0` (or `@IsString() kN = ''`, `@IsBoolean()
 * kN = false` in the `mixed` mix) would be in source: class-validator decorators applied as
 * functions, and the `design:type` metadata TypeScript emits.
 */
export function generateSections(count: number, keys: number, mix: FieldMix = 'ints'): GeneratedSection[] {
  return Array.from({ length: count }, (_, index) => generateSection(`s${index}`, keys, mix));
}

function generateSection(path: string, keys: number, mix: FieldMix): GeneratedSection {
  const types = Array.from({ length: keys }, (_, k) => fieldTypeOf(k, mix));
  const defaults = Object.fromEntries(types.map((type, k) => [`k${k}`, DEFAULTS[type]]));
  const section = class {
    constructor() {
      Object.assign(this, defaults);
    }
  } as GeneratedSection;
  Object.defineProperty(section, 'name', { value: `Section_${path}` });
  types.forEach((type, k) => {
    const name = `k${k}`;
    if (type === 'int') [IsInt(), Min(0)].forEach((decorate) => decorate(section.prototype, name));
    else (type === 'string' ? IsString() : IsBoolean())(section.prototype, name);
    Reflect.defineMetadata('design:type', type === 'int' ? Number : type === 'string' ? String : Boolean, section.prototype, name);
  });
  ConfigSection(path)(section);
  return section;
}

/**
 * The same sections as `generateSections`, declared with zod through `defineSection`:
 * `z.number().int().min(0).default(0)`, `z.string().default('')`, `z.boolean().default(false)`.
 */
export function generateSchemaSections(count: number, keys: number, mix: FieldMix = 'ints'): GeneratedSchemaSection[] {
  const schemaOf = (type: FieldType) =>
    type === 'int' ? z.number().int().min(0).default(0) : type === 'string' ? z.string().default('') : z.boolean().default(false);
  const shape = () => Object.fromEntries(Array.from({ length: keys }, (_, k) => [`k${k}`, schemaOf(fieldTypeOf(k, mix))]));
  return Array.from({ length: count }, (_, index) => defineSection(`s${index}`, z.object(shape())));
}

/** The initial tree for generated sections: `s<i>.k<j>` holds `generatedValue(j)`. */
export function generatedTree(count: number, keys: number, mix: FieldMix = 'ints'): Record<string, Record<string, GeneratedValue>> {
  const tree: Record<string, Record<string, GeneratedValue>> = {};
  for (let s = 0; s < count; s++) {
    const section: Record<string, GeneratedValue> = {};
    for (let k = 0; k < keys; k++) section[`k${k}`] = generatedValue(k, mix);
    tree[`s${s}`] = section;
  }
  return tree;
}
