import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigValidationIssue } from '../errors';
import type { SectionType } from '../interfaces/config-center-options.interface';
import { deepFreeze, isPlainObject } from '../tree/tree-ops';
import { coerceInstance } from './coerce-scalars';

/** A section class bound to its path, with its slot in every snapshot. */
export interface SectionBinding {
  readonly type: SectionType;
  readonly path: readonly string[];
  readonly pathText: string;
  readonly index: number;
}

/** Either the frozen, validated instance or what is wrong with the input. */
export type BindResult =
  { readonly ok: true; readonly instance: object } | { readonly ok: false; readonly issues: ConfigValidationIssue[] };

/**
 * Turns the plain subtree of a section into a validated, deep-frozen instance of its class, through
 * the public API of its libraries: `plainToInstance` (missing keys keep the class's field
 * initialisers), then each scalar converted to its declared type, then `validateSync`.
 */
export function bindSection(binding: SectionBinding, plain: unknown): BindResult {
  if (plain !== undefined && !isPlainObject(plain)) {
    return { ok: false, issues: [issueOf(binding.pathText, '', { isObject: 'must be an object' }, plain)] };
  }
  let instance: object;
  try {
    instance = plainToInstance(binding.type, plain ?? {}, { exposeDefaultValues: true });
  } catch (error) {
    const reason = `could not be transformed: ${(error as Error)?.message ?? String(error)}`;
    return { ok: false, issues: [issueOf(binding.pathText, '', { transform: reason }, plain)] };
  }
  coerceInstance(instance);
  const errors = validateSync(instance, {
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length) return { ok: false, issues: flattenIssues(errors, binding.pathText, instance) };
  return { ok: true, instance: deepFreeze(instance) };
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
