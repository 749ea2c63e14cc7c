import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { pinConstraints, type ValidationMetadata } from './constraint-instances';

type Condition = (object: object, value: unknown) => boolean;

/** What is known of a class's validation, found once per class. */
interface ClassValidation {
  /** Its validation metadata, as `validateSync` finds it. */
  readonly metadatas: readonly ValidationMetadata[];
  /** Whether every check is one `surelyValid` runs; if not, class-validator judges every instance. */
  readonly modelled: boolean;
  /** The conditions (`@IsOptional()`, `@ValidateIf()`) of each property that has any: it is checked only when all hold. */
  readonly conditions: ReadonlyMap<string, readonly ValidationMetadata[]>;
}

/** The metadata types `surelyValid` runs: the conditions, and the decorators made with `registerDecorator`. */
const MODELLED_TYPES = new Set<string>([
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

const byClass = new WeakMap<object, ClassValidation>();

/**
 * Whether a transformed section instance certainly passes
 * `validateSync(instance, { forbidUnknownValues: false })`: `true` only when every check
 * class-validator would run on it returns true, run here directly in one loop over the class's
 * metadata. `false` means "not known to pass": the binder then runs class-validator itself, which
 * decides and words the errors. So this answers for the common case — flat sections of decorated
 * scalars — without class-validator's per-property bookkeeping (an error object, filters and
 * closures per property), and never changes a verdict.
 *
 * A class whose validation holds anything this does not model (nested validation, promises) is
 * always left to class-validator; a value this does not model (a collection under `each`, a
 * constraint answering with a promise) gets `false`. The checks are looked up as `validateSync`
 * looks them up (same metadata, same constraint instances through the container), once per class:
 * decorators are expected to be complete once a class is defined.
 */
export function surelyValid(instance: object): boolean {
  const { metadatas, modelled, conditions } = classValidation(instance.constructor);
  if (!modelled) return false;
  const record = instance as Record<string, unknown>;
  let skipped: Set<string> | undefined;
  for (const [property, list] of conditions) {
    let applies = true;
    for (const condition of list) applies = (condition.constraints[0] as Condition)(instance, record[property]) && applies;
    if (!applies) (skipped ??= new Set()).add(property);
  }
  for (let i = 0; i < metadatas.length; i++) {
    const metadata = metadatas[i];
    const { type, propertyName } = metadata;
    if (type === ValidationTypes.CONDITIONAL_VALIDATION || type === ValidationTypes.WHITELIST || skipped?.has(propertyName)) continue;
    if (!passes(metadata, instance, record[propertyName])) return false;
  }
  return true;
}

/** Every property a class validates, inherited ones included. */
export function validatedProperties(type: object): string[] {
  return classValidation(type).metadatas.map((metadata) => metadata.propertyName);
}

/**
 * One decorator's check, as class-validator runs it: async constraints skipped (`validateSync`
 * does), each constraint's instance taken from its metadata (pinned, or through the container).
 */
function passes(metadata: ValidationMetadata, object: object, value: unknown): boolean {
  if (metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) return false;
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  for (let i = 0; i < constraints.length; i++) {
    const constraint = constraints[i];
    if (constraint.async) continue;
    const args = { targetName: object.constructor.name, property: metadata.propertyName, object, value, constraints: metadata.constraints };
    const result: unknown = constraint.instance.validate(value, args);
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
  const conditions = new Map<string, ValidationMetadata[]>();
  let modelled = true;
  for (let i = 0; i < metadatas.length; i++) {
    const { type: kind, propertyName } = metadatas[i];
    // class-validator groups properties in a plain object: one named like `valueOf` breaks it, so it judges those.
    if (!MODELLED_TYPES.has(kind) || propertyName in Object.prototype) modelled = false;
    if (kind === ValidationTypes.CONDITIONAL_VALIDATION)
      conditions.set(propertyName, [...(conditions.get(propertyName) ?? []), metadatas[i]]);
  }
  known = { metadatas, modelled, conditions };
  byClass.set(type, known);
  return known;
}
