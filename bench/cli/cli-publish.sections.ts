import 'reflect-metadata';
import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core/sections';

/** A section class of ten integer fields `k0`…`k9`, each `@IsInt() @Min(0) kN: number = 0`. */
type BenchSection = new () => Record<string, number>;

/**
 * Builds the class bound to `path`, decorated as `@IsInt() @Min(0) kN: number = 0` in source would
 * be: class-validator's decorators applied as functions, and the `design:type` TypeScript emits.
 * It imports only what a service's own sections module does (no zod, unlike
 * `apply-cost/generated-sections`), so the CLI loads what it would for a real service.
 */
function benchSection(path: string): BenchSection {
  const keys = Array.from({ length: 10 }, (_, k) => `k${k}`);
  const section = class {
    constructor() {
      Object.assign(this, Object.fromEntries(keys.map((key) => [key, 0])));
    }
  } as BenchSection;
  for (const key of keys) {
    IsInt()(section.prototype, key);
    Min(0)(section.prototype, key);
    Reflect.defineMetadata('design:type', Number, section.prototype, key);
  }
  ConfigSection(path)(section);
  return section;
}

/**
 * The sections module `cli-publish` hands the CLI (`--sections`, compiled to
 * `bench/dist/cli/cli-publish.sections.js`): ten sections `s0`…`s9` of ten integer fields each,
 * so a proposal of 100 keys is validated by 10 sections. The CLI finds sections among a module's
 * exports, so each is exported by name.
 */
export const s0 = benchSection('s0');
export const s1 = benchSection('s1');
export const s2 = benchSection('s2');
export const s3 = benchSection('s3');
export const s4 = benchSection('s4');
export const s5 = benchSection('s5');
export const s6 = benchSection('s6');
export const s7 = benchSection('s7');
export const s8 = benchSection('s8');
export const s9 = benchSection('s9');
