import type { InjectionToken } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ConfigCenterError } from '../errors';
import { sectionMetadataOf, type ConfigSectionOptions, type SectionType } from './config-section.decorator';
import { declareSection } from './declared-sections';

/** Options of a `defineSection` section. */
export interface DefineSectionOptions extends ConfigSectionOptions {
  /**
   * The fields that are secret (dotted paths below the section, `['password']`): shown as
   * `[secret]` by `util.inspect` and `JSON.stringify` of the section's value, the schema
   * counterpart of `@Secret()`. A value that arrived encrypted is secret whether listed or not.
   */
  readonly secrets?: readonly string[];
}

/**
 * A section declared with a Standard Schema (zod, valibot, arktype, …) rather than a class: what
 * `defineSection` returns. It is passed in `sections`, read with `config.get(section)` and
 * `observe(section)`, and injected as a live view with `@InjectSection(section)`.
 */
export interface SchemaSection<T extends object = object> extends DefineSectionOptions {
  readonly path: string;
  readonly schema: StandardSchemaV1<unknown, T>;
  /** The DI token of its live view; `@InjectSection(section)` injects it. */
  readonly token: symbol;
}

/** A section: a `@ConfigSection` class, or a Standard Schema one made by `defineSection`. */
export type Section<T extends object = object> = SectionType<T> | SchemaSection<T>;

/**
 * Declares a section with any Standard Schema library; its type is the schema's output. It gets the
 * same swap, quarantine, `observe`, `@ConfigValue` and `@OnConfigChange` behaviour as a class
 * section. Values keep their text (`'1.10'` stays a string where the schema takes one); text the
 * schema rejects is tried once more as the JSON scalar it spells (`'5'` → 5 where it takes a
 * number), so `z.number()` reads `5` from etcd or env; a number it rejects is tried as its text
 * (YAML's `version: 2` for `z.string()`). The schema must validate synchronously.
 *
 * Unknown keys are the input keys the schema's output leaves out (zod's `z.object` strips them):
 * listed by default, rejected with `unknownKeys: 'reject'`. A schema that keeps them (`z.looseObject`)
 * has none.
 *
 * @example
 * ```ts
 * export const RateLimit = defineSection('rateLimit', z.object({ limit: z.number().int().min(1).default(100) }));
 * // sections: [RateLimit]; config.get(RateLimit).limit; constructor(@InjectSection(RateLimit) rate: SectionOf<typeof RateLimit>)
 * ```
 */
export function defineSection<S extends StandardSchemaV1<unknown, object>>(
  path: string,
  schema: S,
  options: DefineSectionOptions = {},
): SchemaSection<StandardSchemaV1.InferOutput<S>> {
  if (typeof schema?.['~standard']?.validate !== 'function') {
    throw new ConfigCenterError(`defineSection('${path}'): the schema is not a Standard Schema (it has no ~standard.validate)`);
  }
  const secrets = options.secrets && Object.freeze([...options.secrets]);
  const section = Object.freeze({ ...options, ...(secrets && { secrets }), path, schema, token: Symbol(`config section ${path}`) });
  declareSection(section);
  return section;
}

/** The value type of a section: `SectionOf<typeof RateLimit>`. */
export type SectionOf<S> = S extends Section<infer T> ? T : never;

/** The DI token of a section's live view: the class, or the schema section's `token`. */
export function tokenOf(section: Section): InjectionToken {
  return isSchemaSection(section) ? section.token : section;
}

/** How messages name a section: its class name, or `defineSection('rateLimit')`. */
export function sectionNameOf(section: Section): string {
  return isSchemaSection(section) ? `defineSection('${section.path}')` : (section?.name ?? String(section));
}

/**
 * The path of the subtree a section binds (`'rateLimit'`): a schema section's `path`, or what
 * `@ConfigSection(path)` recorded on a class. For tools that key output by section (the CLI's
 * `schema`) without reading the core's metadata keys.
 */
export function sectionPathOf(section: Section): string {
  return isSchemaSection(section) ? section.path : sectionMetadataOf(section).path;
}

/** Whether a value is a section made by `defineSection`: a path, a Standard Schema and a token. */
export function isSchemaSection(section: unknown): section is SchemaSection {
  if (typeof section !== 'object' || section === null) return false;
  const { path, schema, token } = section as Partial<SchemaSection>;
  return typeof path === 'string' && typeof token === 'symbol' && typeof schema?.['~standard']?.validate === 'function';
}
