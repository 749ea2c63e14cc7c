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
    return { ok: false, issues: [{ path: binding.pathText, constraints: { isObject: `${binding.pathText} must be an object` } }] };
  }
  let instance: object;
  try {
    instance = plainToInstance(binding.type, plain ?? {}, { exposeDefaultValues: true });
  } catch (error) {
    const reason = `${binding.pathText} could not be transformed: ${(error as Error)?.message ?? String(error)}`;
    return { ok: false, issues: [{ path: binding.pathText, constraints: { transform: reason } }] };
  }
  coerceInstance(instance);
  const errors = validateSync(instance, {
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length) return { ok: false, issues: flattenIssues(errors, binding.pathText) };
  return { ok: true, instance: deepFreeze(instance) };
}

function flattenIssues(errors: ValidationError[], prefix: string, issues: ConfigValidationIssue[] = []): ConfigValidationIssue[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) issues.push({ path, constraints: relabel(error.constraints, error.property, path) });
    if (error.children?.length) flattenIssues(error.children, path, issues);
  }
  return issues;
}

/** class-validator says "limit must be ..."; we say "rateLimit.limit must be ...". */
function relabel(constraints: Record<string, string>, property: string, path: string): Record<string, string> {
  const name = new RegExp(`(^|\\s)${property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=\\s|$)`);
  const relabelled: Record<string, string> = {};
  for (const [rule, message] of Object.entries(constraints)) relabelled[rule] = message.replace(name, `$1${path}`);
  return relabelled;
}
