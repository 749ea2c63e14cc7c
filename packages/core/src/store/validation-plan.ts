import { getMetadataStorage, ValidationTypes, type ValidatorConstraintInterface } from 'class-validator';
import { pinConstraints } from './constraint-instances';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type ConstraintMetadata = ReturnType<MetadataStorage['getTargetValidatorConstraints']>[number];

/** One decorator's check: its synchronous constraints, with the instance of those pinned to one. */
interface Check {
  readonly metadata: ValidationMetadata;
  readonly constraints: readonly { readonly metadata: ConstraintMetadata; readonly pinned?: ValidatorConstraintInterface }[];
}

/** The checks class-validator runs on one property, for the validation options the binder uses. */
interface PropertyChecks {
  readonly property: string;
  /** `@IsOptional()` / `@ValidateIf()`: the property is checked only when all of them hold. */
  readonly conditions: readonly ValidationMetadata[];
  /** `@IsDefined()` and every other decorator made with `registerDecorator` (`@IsInt()`, `@Min()`, …). */
  readonly checks: readonly Check[];
}

/** What is known of a class: its validation metadata, and its checks unless only class-validator can run them. */
interface ClassValidation {
  readonly metadatas: readonly ValidationMetadata[];
  readonly plan: readonly PropertyChecks[] | undefined;
}

const byClass = new WeakMap<object, ClassValidation>();

/**
 * Whether a transformed section instance certainly passes `validateSync(instance, { forbidUnknownValues: false })`:
 * `true` only when every check class-validator would run on it returns true, run here directly in
 * one loop over the class's properties. `false` means "not known to pass": the binder then runs
 * class-validator itself, which decides and words the errors. So this answers for the common case
 * — flat sections of decorated scalars — without class-validator's per-property bookkeeping (an
 * error object, filters and closures per property), and never changes a verdict.
 *
 * A class whose validation holds anything this does not model (nested validation, promises) has
 * no plan; a value this does not model (a collection under `each`, a constraint answering with a
 * promise) gets `false`. The checks are looked up as `validateSync` looks them up (same metadata,
 * same constraint instances through the container), once per class: decorators are expected to be
 * complete once a class is defined.
 */
export function surelyValid(instance: object): boolean {
  const { plan } = classValidation(instance.constructor);
  if (!plan) return false;
  const record = instance as Record<string, unknown>;
  for (const { property, conditions, checks } of plan) {
    const value = record[property];
    let applies = true;
    for (const condition of conditions) applies = (condition.constraints[0] as Condition)(instance, value) && applies;
    if (!applies) continue;
    for (const check of checks) if (!passes(check, instance, value)) return false;
  }
  return true;
}

/** Every property a class validates, inherited ones included. */
export function validatedProperties(type: object): string[] {
  return classValidation(type).metadatas.map((metadata) => metadata.propertyName);
}

type Condition = (object: object, value: unknown) => boolean;

function passes(check: Check, object: object, value: unknown): boolean {
  const { metadata } = check;
  if (metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) return false;
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  for (const constraint of check.constraints) {
    const args = { targetName: object.constructor.name, property: metadata.propertyName, object, value, constraints: metadata.constraints };
    const result: unknown = (constraint.pinned ?? constraint.metadata.instance).validate(value, args);
    if (!result || typeof (result as Promise<unknown>).then === 'function') return false;
  }
  return true;
}

function classValidation(type: object): ClassValidation {
  let known = byClass.get(type);
  if (known) return known;
  // The arguments `validateSync` passes for a class without groups (schema, always, strictGroups).
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(
    type as new () => object,
    undefined as unknown as string,
    false,
    false,
  );
  pinConstraints(metadatas);
  known = { metadatas, plan: planOf(metadatas) };
  byClass.set(type, known);
  return known;
}

function planOf(metadatas: readonly ValidationMetadata[]): PropertyChecks[] | undefined {
  const byProperty = new Map<string, { property: string; conditions: ValidationMetadata[]; checks: Check[] }>();
  for (const metadata of metadatas) {
    const { propertyName: property, type } = metadata;
    // class-validator groups properties in a plain object: one named like `valueOf` breaks it, so it judges those.
    if (property in Object.prototype) return undefined;
    let entry = byProperty.get(property);
    if (!entry) byProperty.set(property, (entry = { property, conditions: [], checks: [] }));
    if (type === ValidationTypes.CONDITIONAL_VALIDATION) entry.conditions.push(metadata);
    else if (type === ValidationTypes.CUSTOM_VALIDATION || type === ValidationTypes.IS_DEFINED) entry.checks.push(checkOf(metadata));
    else if (type !== ValidationTypes.WHITELIST) return undefined;
  }
  return [...byProperty.values()];
}

/**
 * A decorator's check. Async constraints are left out, as `validateSync` skips them. A pinned
 * constraint (see `pinConstraints`) keeps its instance; any other is resolved through the
 * container on every check, as class-validator does.
 */
function checkOf(metadata: ValidationMetadata): Check {
  const constraints = getMetadataStorage()
    .getTargetValidatorConstraints(metadata.constraintCls)
    .filter((constraint) => !constraint.async)
    .map((constraint) => {
      const pinned = Object.prototype.hasOwnProperty.call(constraint, 'instance') ? constraint.instance : undefined;
      return { metadata: constraint, pinned };
    });
  return { metadata, constraints };
}
