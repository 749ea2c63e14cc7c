import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import { isBuiltInConstraint, type ValidationMetadata } from './constraint-instances';

type Condition = (object: object, value: unknown) => boolean;
type ConstraintMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidatorConstraints']>[number];

/** An object with a constraint's `validate`. */
interface Validator {
  validate(value: unknown, args: ValidationArguments): unknown;
}

type Validate = Validator['validate'];

/** One decorator on one property, and one synchronous constraint it runs (`validateSync` skips async ones). */
interface Check {
  readonly metadata: ValidationMetadata;
  /**
   * A built-in constraint's `validate`, called directly. Looked up once: each decorator use has a
   * class of its own, so a lookup per call would miss V8's caches on every one.
   */
  readonly validate: Validate | undefined;
  /** A constraint the application wrote, taken from class-validator's container on every call; `undefined` for a decorator without one. */
  readonly constraint: ConstraintMetadata | undefined;
}

/** What is known of a class's validation, found once per class. */
interface ClassValidation {
  /** Its validation metadata, as `validateSync` finds it. */
  readonly metadatas: readonly ValidationMetadata[];
  /** The properties the metadata names, each once. */
  readonly properties: readonly string[];
  /** The checks `surelyValid` runs: every decorator but the conditions and `@Allow()`. */
  readonly checks: readonly Check[];
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
 * checks. `false` means "not known to pass": the binder then runs class-validator itself, which
 * decides and words the errors. So this answers for the common case — flat sections of decorated
 * scalars — without class-validator's per-property bookkeeping (an error object, filters and
 * closures per property), and never changes a verdict.
 *
 * A class whose validation holds anything this does not model (nested validation, promises) is
 * always left to class-validator; a value this does not model (a collection under `each`, a
 * constraint answering with a promise) gets `false`. The checks are looked up as `validateSync`
 * looks them up (same metadata, same constraints), once per class: decorators are expected to be
 * complete once a class is defined. A built-in constraint is called directly (`isBuiltInConstraint`);
 * one the application wrote is taken from class-validator's container on every call, as
 * class-validator takes it.
 */
export function surelyValid(instance: object): boolean {
  const { checks, modelled, conditions } = classValidation(instance.constructor);
  if (!modelled) return false;
  const record = instance as Record<string, unknown>;
  let skipped: Set<string> | undefined;
  for (const [property, list] of conditions) {
    let applies = true;
    for (const condition of list) applies = (condition.constraints[0] as Condition)(instance, record[property]) && applies;
    if (!applies) (skipped ??= new Set()).add(property);
  }
  const targetName = instance.constructor.name;
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i];
    const { propertyName } = check.metadata;
    if (skipped?.has(propertyName)) continue;
    if (!passes(check, instance, targetName, record[propertyName])) return false;
  }
  return true;
}

/** Every property a class validates, inherited ones included, each once. */
export function validatedProperties(type: object): readonly string[] {
  return classValidation(type).properties;
}

/** A class's validation metadata, as `validateSync` finds it for a class validated without groups. */
export function validationMetadatas(type: object): readonly ValidationMetadata[] {
  return classValidation(type).metadatas;
}

/** One decorator's check, as class-validator runs it. */
function passes({ metadata, validate, constraint }: Check, object: object, targetName: string, value: unknown): boolean {
  if (metadata.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) return false;
  if (metadata.validateIf && !metadata.validateIf(object, value)) return true;
  if (validate === undefined && constraint === undefined) return true;
  const args = { targetName, property: metadata.propertyName, object, value, constraints: metadata.constraints };
  let result: unknown;
  try {
    result = validate ? validate(value, args) : (constraint!.instance as Validator).validate(value, args);
  } catch {
    // Left to class-validator, which throws it as `validateSync` does (or, for an application's
    // class that happens to be named like the wrapper and reads `this`, runs it on an instance).
    return false;
  }
  return !!result && typeof (result as Promise<unknown>).then !== 'function';
}

function classValidation(type: object): ClassValidation {
  let known = byClass.get(type);
  if (known) return known;
  const metadatas = metadatasOf(type as new () => object);
  const conditions = new Map<string, ValidationMetadata[]>();
  let modelled = true;
  for (let i = 0; i < metadatas.length; i++) {
    const metadata = metadatas[i];
    const { type: kind, propertyName } = metadata;
    // class-validator groups properties in a plain object: one named like `valueOf` breaks it, so it judges those.
    if (!MODELLED_TYPES.has(kind) || propertyName in Object.prototype) modelled = false;
    if (kind === ValidationTypes.CONDITIONAL_VALIDATION) conditions.set(propertyName, [...(conditions.get(propertyName) ?? []), metadata]);
  }
  // A class class-validator always judges needs no checks of its own.
  const checks: Check[] = [];
  for (let i = 0; modelled && i < metadatas.length; i++) {
    const { type: kind } = metadatas[i];
    if (kind !== ValidationTypes.CONDITIONAL_VALIDATION && kind !== ValidationTypes.WHITELIST) addChecks(checks, metadatas[i]);
  }
  known = { metadatas, properties: [...new Set(metadatas.map((metadata) => metadata.propertyName))], checks, modelled, conditions };
  byClass.set(type, known);
  return known;
}

function addChecks(checks: Check[], metadata: ValidationMetadata): void {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  const before = checks.length;
  for (let i = 0; i < constraints.length; i++) {
    const constraint = constraints[i];
    if (constraint.async) continue;
    const { target } = constraint;
    if (isBuiltInConstraint(target)) checks.push({ metadata, validate: (target.prototype as Validator).validate, constraint: undefined });
    else checks.push({ metadata, validate: undefined, constraint });
  }
  if (checks.length === before) checks.push({ metadata, validate: undefined, constraint: undefined });
}

/**
 * `getTargetValidationMetadatas(type, undefined, false, false)`, the metadata `validateSync` takes
 * for a class validated without groups: all of the class's own, then those of the classes it
 * extends that it does not redeclare (same property, same type). class-validator finds the
 * inherited ones by testing the class against every class it holds metadata for; this looks up
 * each class up the chain instead, in its per-class map. Should a release store metadata otherwise,
 * or a prototype chain not lead back to its constructors, class-validator's own lookup is used.
 */
function metadatasOf(type: new () => object): ValidationMetadata[] {
  const storage = getMetadataStorage();
  const byTarget = (storage as unknown as { validationMetadatas?: unknown }).validationMetadatas;
  const bases = basesOf(type);
  if (!(byTarget instanceof Map) || bases === undefined) {
    return storage.getTargetValidationMetadatas(type, undefined as unknown as string, false, false);
  }
  const own = (byTarget.get(type) ?? []) as ValidationMetadata[];
  const found = own.slice();
  for (const base of bases) {
    const inherited = (byTarget.get(base) ?? []) as ValidationMetadata[];
    for (let i = 0; i < inherited.length; i++) {
      const metadata = inherited[i];
      if (!own.some((mine) => mine.propertyName === metadata.propertyName && mine.type === metadata.type)) found.push(metadata);
    }
  }
  return found;
}

/** The constructors of the prototypes a class's instances inherit from, or `undefined` if one does not lead back to its constructor. */
function basesOf(type: new () => object): object[] | undefined {
  const bases: object[] = [];
  for (
    let prototype = Object.getPrototypeOf(type.prototype) as object | null;
    prototype;
    prototype = Object.getPrototypeOf(prototype) as object | null
  ) {
    const base = (prototype as { constructor?: { prototype?: unknown } }).constructor;
    if (typeof base !== 'function' || base.prototype !== prototype) return undefined;
    bases.push(base);
  }
  return bases;
}
