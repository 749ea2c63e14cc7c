import type { SchemaSection } from '@config-center/core/sections';
import type { JsonSchema } from './constraint-schema';

/** The Standard JSON Schema converter a schema library may offer beside `~standard.validate`. */
interface JsonSchemaConverter {
  readonly input?: (options: { readonly target: string }) => Record<string, unknown>;
}

/**
 * The JSON Schema (draft 2020-12) of a `defineSection` section, from its schema library's own
 * converter through the Standard JSON Schema interface (`~standard.jsonSchema.input`, which zod 4
 * offers): the input side, as a config file is the schema's input. A library without it, or one
 * that cannot express the schema, gives a note saying so instead.
 */
export function standardSectionSchema(section: SchemaSection): { schema: JsonSchema } | { note: string } {
  const converter = (section.schema['~standard'] as { readonly jsonSchema?: JsonSchemaConverter }).jsonSchema;
  const library = section.schema['~standard'].vendor;
  if (typeof converter?.input !== 'function') {
    return { note: `its schema library (${library}) offers no JSON Schema (the Standard JSON Schema interface, ~standard.jsonSchema)` };
  }
  try {
    const { $schema: _dialect, ...schema } = converter.input({ target: 'draft-2020-12' });
    return { schema };
  } catch (error) {
    return { note: `its schema library (${library}) cannot express it in JSON Schema draft 2020-12: ${(error as Error).message}` };
  }
}
