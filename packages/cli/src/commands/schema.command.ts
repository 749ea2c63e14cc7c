import { sectionNameOf, sectionPathOf, type Section } from '@config-center/core/sections';
import { classSectionSchema } from '../schema/class-section-schema';
import type { JsonSchema } from '../schema/constraint-schema';
import { standardSectionSchema } from '../schema/standard-section-schema';
import { loadSections } from '../sections-module';
import type { CliSettings } from '../settings/cli-settings.interface';

/** The dialect `schema` writes. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** What `schema` produces: the document, and one note per section whose schema could not be exported. */
export interface SchemaExport {
  readonly schema: JsonSchema;
  readonly notes: readonly string[];
}

/**
 * `schema`: one JSON Schema (draft 2020-12) of the config the service's sections read, each
 * section's schema at its path (`rateLimit`, `payments.stripe`) of an object schema. Keys no
 * section reads are allowed, as the app allows them. A section whose schema cannot be exported is
 * accepted as anything there, with a `$comment` and a note saying why.
 */
export function schemaCommand(settings: CliSettings): SchemaExport {
  const sections = loadSections(settings.sections);
  const root: JsonSchema = { $schema: JSON_SCHEMA_DIALECT, type: 'object', properties: {} };
  const notes: string[] = [];
  for (const section of sections) {
    const exported = sectionSchema(section);
    if ('note' in exported) notes.push(`${sectionNameOf(section)} at '${sectionPathOf(section)}': ${exported.note}`);
    const schema = 'note' in exported ? { $comment: `${sectionNameOf(section)}: ${exported.note}; not checked here` } : exported.schema;
    place(root, sectionPathOf(section), schema);
  }
  return { schema: root, notes };
}

function sectionSchema(section: Section): { schema: JsonSchema } | { note: string } {
  return typeof section === 'function' ? { schema: classSectionSchema(section) } : standardSectionSchema(section);
}

/** Sets a section's schema at its dotted path, through object schemas, merging with a section above or below it. */
function place(root: JsonSchema, path: string, schema: JsonSchema): void {
  const segments = path === '' ? [] : path.split('.');
  let node = root;
  for (const segment of segments) {
    const properties = (node.properties ??= {}) as Record<string, JsonSchema>;
    node = properties[segment] ??= { type: 'object' };
  }
  const properties = { ...(node.properties as object), ...(schema.properties as object) };
  Object.assign(node, schema, Object.keys(properties).length ? { properties } : {});
}
