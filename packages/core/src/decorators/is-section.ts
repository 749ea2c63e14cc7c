import { CONFIG_SECTION_METADATA } from '../config-center.constants';
import type { Section } from '../interfaces/config-center-options.interface';
import { isSchemaSection } from './define-section';

/**
 * Whether a value is a section the core binds: a class decorated with `@ConfigSection` (or a
 * subclass of one), or a section made by `defineSection`. For tools that find the sections a
 * module exports (the `config-center` CLI) without reading the core's metadata keys.
 *
 * @example
 * ```ts
 * const sections = Object.values(require('./dist/config/sections')).filter(isSection);
 * ```
 */
export function isSection(value: unknown): value is Section {
  if (isSchemaSection(value)) return true;
  return typeof value === 'function' && Reflect.getMetadata(CONFIG_SECTION_METADATA, value) !== undefined;
}
