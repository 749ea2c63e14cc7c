import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import type { ConfigValidationIssue } from '../errors';
import type { SectionType } from '../interfaces/config-center-options.interface';
import { isClassInstance, isPlainObject } from '../tree/tree-ops';
import { coerceInstance } from './coerce-scalars';
import type { Bound } from './section-binder';
import { defaultsOf, sectionFieldsOf } from './section-fields';
import { transformThrew, validationThrew } from './thrown-rule';
import { issueOf } from './validation-issue';
import { installValidatorContainer } from './validator-container';

// A tool that loads this binder on its first class section (the CLI, `checkConfig`) gets the keyed
// container too; an app has it from the module's import already.
installValidatorContainer();

const VALIDATOR_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, validationError: { target: false, value: false } };

/**
 * A section class, through the public API of its libraries: `plainToInstance` (missing keys keep
 * the class's field initialisers), then each scalar converted to its declared type, then `validateSync`.
 * A `@Transform` or rule that throws is an issue of the field it threw on, like any failed rule.
 */
export function bindClass(type: SectionType, plain: object, pathText: string): Bound {
  let instance: object;
  try {
    instance = plainToInstance(type, plain, { exposeDefaultValues: true });
  } catch (error) {
    return { issues: [transformThrew(type, plain, pathText, error)], unknownKeys: [] };
  }
  coerceInstance(instance);
  let errors: ValidationError[];
  try {
    errors = validateSync(instance, VALIDATOR_OPTIONS);
  } catch (error) {
    return { issues: [validationThrew(instance, pathText, error, VALIDATOR_OPTIONS)], unknownKeys: [] };
  }
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

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
