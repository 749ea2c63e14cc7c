/** A JSON Schema (draft 2020-12) object. */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of a class-validator constraint by its name and arguments, or undefined when it has none. */
const CONSTRAINTS: Record<string, (args: readonly unknown[]) => JsonSchema> = {
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isString: () => ({ type: 'string' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  min: ([value]) => ({ minimum: value }),
  max: ([value]) => ({ maximum: value }),
  isPositive: () => ({ exclusiveMinimum: 0 }),
  isNegative: () => ({ exclusiveMaximum: 0 }),
  minLength: ([value]) => ({ minLength: value }),
  maxLength: ([value]) => ({ maxLength: value }),
  length: ([min, max]) => ({ minLength: min, ...(max !== undefined && { maxLength: max }) }),
  isNotEmpty: () => ({ not: { const: '' } }),
  arrayMinSize: ([value]) => ({ minItems: value }),
  arrayMaxSize: ([value]) => ({ maxItems: value }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  isIn: ([values]) => ({ enum: values }),
  isEnum: ([entity]) => ({ enum: [...new Set(Object.values(entity as object))] }),
  equals: ([value]) => ({ const: value }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isUUID: () => ({ type: 'string', format: 'uuid' }),
  isISO8601: () => ({ type: 'string', format: 'date-time' }),
  isDateString: () => ({ type: 'string', format: 'date-time' }),
};

/** A constraint's part of a field's schema, or undefined when JSON Schema has no counterpart (a custom validator). */
export function constraintSchema(name: string, args: readonly unknown[]): JsonSchema | undefined {
  return Object.hasOwn(CONSTRAINTS, name) ? CONSTRAINTS[name](args) : undefined;
}

/** The schema of a field's declared type (`design:type`), or of its default when the type is not recorded. */
export function typeSchema(declared: unknown, fallback: unknown): JsonSchema {
  if (declared === Number) return { type: 'number' };
  if (declared === String) return { type: 'string' };
  if (declared === Boolean) return { type: 'boolean' };
  if (declared === Array) return { type: 'array' };
  if (typeof declared === 'function' && declared !== Object) return { type: 'object' };
  if (Array.isArray(fallback)) return { type: 'array' };
  const kind = typeof fallback;
  return kind === 'number' || kind === 'string' || kind === 'boolean' ? { type: kind } : {};
}
