import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigValidationIssue } from '../errors';
import { isSchemaSection } from '../decorators/define-section';
import type { Section, SectionType, UnknownKeysPolicy } from '../interfaces/config-center-options.interface';
import { deepFreeze, isClassInstance, isPlainObject } from '../tree/tree-ops';
import { coerceInstance } from './coerce-scalars';
import { bindSchema } from './schema-binder';
import { defaultsOf, sectionFieldsOf } from './section-fields';
import { installValidatorContainer } from './validator-container';

// Before the app's bootstrap code runs, so a container the app gives class-validator replaces this one.
installValidatorContainer();

/** A section bound to its path, with its slot in every snapshot. */
export interface SectionBinding {
  readonly type: Section;
  /** How messages name it: the class name, or `defineSection('rateLimit')`. */
  readonly name: string;
  readonly path: readonly string[];
  readonly pathText: string;
  readonly index: number;
  /** What keys that no field declares do: listed (`warn`), rejected (`reject`) or not looked for (`ignore`). */
  readonly unknownKeys: UnknownKeysPolicy;
}

/** Either the frozen, validated instance, with the paths of the keys no field declares, or what is wrong with the input. */
export type BindResult =
  | { readonly ok: true; readonly instance: object; readonly unknownKeys: readonly string[] }
  | { readonly ok: false; readonly issues: ConfigValidationIssue[] };

/** What one kind of section (a class, a schema) made of its input. */
export interface Bound {
  /** The validated value; absent when `issues` holds any. */
  readonly instance?: object;
  readonly issues: ConfigValidationIssue[];
  /** The paths of the input keys it does not take. */
  readonly unknownKeys: readonly string[];
}

/**
 * Turns the plain subtree of a section into its validated, deep-frozen value — through the class
 * (`bindClass`) or the Standard Schema (`bindSchema`) — and applies its unknown-keys policy.
 */
export function bindSection(binding: SectionBinding, plain: unknown): BindResult {
  if (plain !== undefined && !isPlainObject(plain)) {
    return { ok: false, issues: [issueOf(binding.pathText, '', { isObject: 'must be an object' }, plain)] };
  }
  const { type, pathText } = binding;
  const bound = isSchemaSection(type) ? bindSchema(type, plain ?? {}, pathText) : bindClass(type, plain ?? {}, pathText);
  const unknownKeys = binding.unknownKeys === 'ignore' ? [] : bound.unknownKeys;
  const issues =
    binding.unknownKeys === 'reject' ? [...bound.issues, ...unknownKeys.map((path) => unknownKeyIssue(path, binding.name))] : bound.issues;
  if (issues.length || !bound.instance) return { ok: false, issues };
  return { ok: true, instance: deepFreeze(bound.instance), unknownKeys };
}

/**
 * A section class, through the public API of its libraries: `plainToInstance` (missing keys keep
 * the class's field initialisers), then each scalar converted to its declared type, then `validateSync`.
 */
function bindClass(type: SectionType, plain: object, pathText: string): Bound {
  let instance: object;
  try {
    instance = plainToInstance(type, plain, { exposeDefaultValues: true });
  } catch (error) {
    const reason = `could not be transformed: ${(error as Error)?.message ?? String(error)}`;
    return { issues: [issueOf(pathText, '', { transform: reason }, plain)], unknownKeys: [] };
  }
  coerceInstance(instance);
  const errors = validateSync(instance, {
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  const issues = errors.length ? flattenIssues(errors, pathText, instance) : [];
  return { instance, issues, unknownKeys: unknownKeysOf(plain, instance, pathText) };
}

/**
 * The paths of the keys of `plain` that no field of the class they were bound to declares (a typo:
 * `limt`), in nested class instances and lists of them too. Maps (fields that hold plain objects)
 * take any key.
 */
function unknownKeysOf(plain: unknown, instance: unknown, path: string, found: string[] = []): string[] {
  if (Array.isArray(plain) && Array.isArray(instance)) {
    plain.forEach((item, i) => unknownKeysOf(item, instance[i], `${path}.${i}`, found));
  } else if (isPlainObject(plain) && isClassInstance(instance)) {
    const known = knownKeysOf(instance.constructor as SectionType);
    const fields = instance as Record<string, unknown>;
    for (const key of Object.keys(plain)) {
      if (!known.has(key)) found.push(`${path}.${key}`);
      else if (Object.prototype.hasOwnProperty.call(instance, key)) unknownKeysOf(plain[key], fields[key], `${path}.${key}`, found);
    }
  }
  return found;
}

const knownKeysByClass = new WeakMap<object, ReadonlySet<string>>();

/** The keys a class takes from its input: its fields, and the names `@Expose({ name })` gives them. */
function knownKeysOf(type: SectionType): ReadonlySet<string> {
  let known = knownKeysByClass.get(type);
  if (!known) {
    const keys = new Set(sectionFieldsOf(type));
    try {
      for (const key of Object.keys(instanceToPlain(defaultsOf(type)))) keys.add(key);
    } catch {
      // A @Transform that cannot run on the defaults: the fields are what is known.
    }
    known = keys;
    knownKeysByClass.set(type, known);
  }
  return known;
}

function unknownKeyIssue(path: string, owner: string): ConfigValidationIssue {
  const message = `is not a field of ${owner} (a typo?)`;
  return { path, constraints: { unknownKey: message }, message };
}

function flattenIssues(
  errors: ValidationError[],
  prefix: string,
  parent: unknown,
  issues: ConfigValidationIssue[] = [],
): ConfigValidationIssue[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const value = isObjectLike(parent) ? parent[error.property] : undefined;
    if (error.constraints) issues.push(issueOf(path, error.property, error.constraints, value));
    if (error.children?.length) flattenIssues(error.children, path, value, issues);
  }
  return issues;
}

/**
 * Constraints that say what a value must be before any other rule can hold: when one of them
 * fails, the others (a `@Min` on a string) say nothing more, and the message gives these alone.
 */
const BASIC_RULES = new Set(['isDefined', 'isInt', 'isNumber', 'isString', 'isBoolean', 'isObject', 'isArray', 'isDate', 'isEnum']);

/**
 * One issue: the constraints as class-validator names them, each message without the field's name
 * (the path says it once), and the message a person acts on — the most basic failed rule, with the
 * kind of input it got (never the input).
 */
export function issueOf(path: string, property: string, constraints: Record<string, string>, value: unknown): ConfigValidationIssue {
  const texts: Record<string, string> = {};
  for (const [rule, message] of Object.entries(constraints)) texts[rule] = withoutName(message, property);
  const basic = Object.keys(texts).filter((rule) => BASIC_RULES.has(rule));
  const message = basic.length ? `${basic.map((rule) => texts[rule]).join(', ')} (got ${kindOf(value)})` : Object.values(texts).join(', ');
  return { path, constraints: texts, message };
}

/** class-validator says "limit must be …" or "each value in tags must be …"; the path names the field. */
function withoutName(message: string, property: string): string {
  const name = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(`^(each value in )?${name} `), (_, each: string | undefined) => (each ? 'each value ' : ''));
}

/** What kind of input a field got, in words: never the input itself. */
function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
