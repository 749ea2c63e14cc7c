import { getMetadataStorage } from 'class-validator';
import { constraintSchema, typeSchema, type JsonSchema } from './constraint-schema';

/** A class the schema describes: a section, or the type of a nested field. */
type ClassType = abstract new (...args: never[]) => object;

/** What class-validator records for one decorator on one field (its public metadata storage's answer). */
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/**
 * The JSON Schema (draft 2020-12) of a `@ConfigSection` class, from public metadata only:
 * class-validator's `getMetadataStorage()` (each decorator's constraint name and arguments),
 * `reflect-metadata`'s `design:type` of each decorated field, and the field initialisers of an
 * instance (the defaults; a field without one that is not `@IsOptional` is required).
 * Decorators with no JSON Schema counterpart are named in the field's `$comment`. (Not the
 * class-validator-jsonschema library: it reads the storage's private fields.)
 */
export function classSectionSchema(type: new () => object, seen: ReadonlySet<ClassType> = new Set()): JsonSchema {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  const defaults = defaultsOf(type);
  const names = [...new Set([...metadata.map((entry) => entry.propertyName), ...Object.keys(defaults)])];
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const name of names) {
    const own = metadata.filter((entry) => entry.propertyName === name);
    properties[name] = fieldSchema(type, name, own, defaults[name], new Set([...seen, type]));
    const optional = own.some((entry) => entry.name === 'isOptional');
    const defined = own.some((entry) => entry.type === 'isDefined');
    if (defined || (!optional && defaults[name] === undefined && own.length)) required.push(name);
  }
  return { type: 'object', properties, ...(required.length && { required }) };
}

function fieldSchema(
  type: ClassType,
  name: string,
  metadata: readonly ValidationMetadata[],
  fallback: unknown,
  seen: ReadonlySet<ClassType>,
): JsonSchema {
  const declared: unknown = Reflect.getMetadata('design:type', type.prototype as object, name);
  const nested = metadata.some((entry) => entry.type === 'nestedValidation');
  let schema: JsonSchema =
    nested && typeof declared === 'function' && declared !== Array && declared !== Object && !seen.has(declared as ClassType)
      ? classSectionSchema(declared as new () => object, seen)
      : typeSchema(declared, fallback);
  const unexpressed: string[] = [];
  for (const entry of metadata) {
    if (entry.type === 'nestedValidation' || entry.type === 'isDefined' || entry.name === 'isOptional') continue;
    const part = constraintSchema(entry.name ?? '', entry.constraints ?? []);
    if (!part) {
      unexpressed.push(entry.name ?? entry.type);
      continue;
    }
    schema = entry.each ? { ...schema, items: { ...((schema.items as JsonSchema) ?? {}), ...part } } : { ...schema, ...part };
  }
  if (isJsonValue(fallback)) schema.default = fallback;
  if (unexpressed.length) schema.$comment = `also checked, not expressed in JSON Schema: ${[...new Set(unexpressed)].join(', ')}`;
  return schema;
}

/** The field initialisers, as the core's binding starts from them; none when the constructor needs arguments. */
function defaultsOf(type: new () => object): Record<string, unknown> {
  try {
    return { ...new type() } as Record<string, unknown>;
  } catch {
    return {};
  }
}

function isJsonValue(value: unknown): boolean {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return false;
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
}
