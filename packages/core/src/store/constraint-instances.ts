import { getMetadataStorage } from 'class-validator';
import { isClassInstance } from '../tree/tree-ops';

/** The name class-validator's `registerDecorator` gives the class it wraps a validator object in. */
const WRAPPER_CLASS_NAME = 'CustomConstraint';

type Constructor = abstract new (...args: never[]) => unknown;
/** class-validator's record of one decorator on one property (its type is not exported from the package root). */
export type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const pinnedClasses = new WeakSet<Constructor>();

/**
 * Gives the built-in constraints of a transformed section instance's class (and of the class
 * instances nested in it) their validator instance once, so validating a section does not grow
 * with the rest of the application's validated classes.
 *
 * Why: class-validator resolves every constraint's validator through its container on every
 * validation, and its default container finds an instance by a linear search of every instance it
 * ever created. Each decorator use (`@IsInt()` on one field) makes its own constraint class, so
 * with 100 sections of 100 validated keys one re-validation of one section searched 20,000
 * instances per constraint — tens of milliseconds — however small the change; and startup, and
 * every DTO the application validates, paid for the same list.
 *
 * Only the wrapper classes `registerDecorator` creates for validator objects (every built-in
 * decorator) get their instance here, built directly: they are stateless and take no constructor
 * arguments, so this is the object the container would build, kept out of the container's list.
 * Constraint classes written by the application (`@ValidatorConstraint`) are left to the
 * container, which may be a DI container installed later. A class is pinned when class-validator
 * is first to judge one of its instances: `surelyValid` calls built-in constraints without one.
 */
export function pinConstraintInstances(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(pinConstraintInstances);
    return;
  }
  if (!isClassInstance(value)) return;
  pinClass(value.constructor as Constructor);
  for (const key of Object.keys(value)) pinConstraintInstances((value as Record<string, unknown>)[key]);
}

function pinClass(type: Constructor): void {
  if (pinnedClasses.has(type)) return;
  pinnedClasses.add(type);
  const storage = getMetadataStorage();
  const validations = storage.getTargetValidationMetadatas(type, '', true, false);
  for (let i = 0; i < validations.length; i++) {
    const { constraintCls } = validations[i];
    if (!isBuiltInConstraint(constraintCls)) continue;
    for (const constraint of storage.getTargetValidatorConstraints(constraintCls)) {
      if (Object.prototype.hasOwnProperty.call(constraint, 'instance')) continue;
      const instance: unknown = new (constraint.target as new () => object)();
      Object.defineProperty(constraint, 'instance', { value: instance, configurable: true });
    }
  }
}

/**
 * Whether a constraint class is one of the wrappers `registerDecorator` makes for a validator
 * object (every built-in decorator). Such a wrapper holds no state: its `validate` forwards to the
 * validator object it closes over and never reads `this`, so called on its own it validates
 * exactly as it would on an instance.
 */
export function isBuiltInConstraint(constraintCls: unknown): constraintCls is new () => object {
  return typeof constraintCls === 'function' && constraintCls.name === WRAPPER_CLASS_NAME;
}
