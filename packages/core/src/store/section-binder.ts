import { validateSync, type ValidationError } from 'class-validator';
import type { ConfigValidationIssue } from '../errors';
import type { SectionType } from '../interfaces/config-center-options.interface';
import { deepFreeze, isPlainObject } from '../tree/tree-ops';
import { coerceInstance, scalarKindsOf } from './coerce-scalars';
import { pinConstraintInstances } from './constraint-instances';
import { instantiateSection, isUndecorated } from './instantiate-section';
import { surelyValid, validatedProperties } from './validation-plan';

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
 * Turns the plain subtree of a section into a validated, deep-frozen instance of its class.
 * Missing keys keep the class's field initialisers; strings convert to the declared types.
 * Instances the validation plan passes (`surelyValid`) skip class-validator; every other one is
 * judged, and its errors worded, by `validateSync`.
 */
export function bindSection(binding: SectionBinding, plain: unknown): BindResult {
  if (plain !== undefined && !isPlainObject(plain)) {
    return { ok: false, issues: [{ path: binding.pathText, constraints: { isObject: `${binding.pathText} must be an object` } }] };
  }
  const instance = instantiateSection(binding.type, plain ?? {});
  coerceInstance(instance);
  if (surelyValid(instance)) return { ok: true, instance: deepFreeze(instance) };
  pinConstraintInstances(instance);
  const errors = validateSync(instance, {
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length) return { ok: false, issues: flattenIssues(errors, binding.pathText) };
  return { ok: true, instance: deepFreeze(instance) };
}

/**
 * Does the per-class work of binding ahead of the data — each class's validation metadata and
 * checks, its scalar kinds, whether class-transformer decorates it — one class per
 * turn of the event loop until `done()`. `ConfigStore.load` runs it while the sources load, so
 * the work fills time spent waiting on the network; what is left is done by `bindSection`.
 */
export async function prepareSections(types: readonly SectionType[], done: () => boolean): Promise<void> {
  for (const type of types) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (done()) return;
    validatedProperties(type);
    scalarKindsOf(type);
    isUndecorated(type);
  }
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
