import { IsInt, Min } from 'class-validator';
import { ConfigSection } from '@config-center/core';

/** A generated section class: integer keys `k0…`, each defaulting to 0. */
export type GeneratedSection = new () => Record<string, number>;

/**
 * Builds `count` section classes bound to `s0`, `s1`, … with `keys` integer fields `k0`, `k1`, …
 * each, decorated exactly as `@IsInt() @Min(0) kN: number = 0` would be in source: class-validator
 * decorators applied as functions, and the `design:type` metadata TypeScript emits.
 */
export function generateSections(count: number, keys: number): GeneratedSection[] {
  return Array.from({ length: count }, (_, index) => generateSection(`s${index}`, keys));
}

function generateSection(path: string, keys: number): GeneratedSection {
  const names = Array.from({ length: keys }, (_, k) => `k${k}`);
  const defaults = Object.fromEntries(names.map((name) => [name, 0]));
  const section = class {
    constructor() {
      Object.assign(this, defaults);
    }
  } as GeneratedSection;
  Object.defineProperty(section, 'name', { value: `Section_${path}` });
  for (const name of names) {
    IsInt()(section.prototype, name);
    Min(0)(section.prototype, name);
    Reflect.defineMetadata('design:type', Number, section.prototype, name);
  }
  ConfigSection(path)(section);
  return section;
}

/** The initial tree for generated sections: `s<i>.k<j>` holds `j`. */
export function generatedTree(count: number, keys: number): Record<string, Record<string, number>> {
  const tree: Record<string, Record<string, number>> = {};
  for (let s = 0; s < count; s++) {
    const section: Record<string, number> = {};
    for (let k = 0; k < keys; k++) section[`k${k}`] = k;
    tree[`s${s}`] = section;
  }
  return tree;
}
