import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidatorOptions } from 'class-validator';
import type { ConfigValidationIssue } from '../errors';
import { isClassInstance } from '../tree/tree-ops';

/**
 * The issue of a section whose `@Validate` rule (or any rule) threw instead of answering: the field
 * it threw on, found by validating each field alone, and the rule's name. Never the thrown message,
 * which may quote the value; only the error's class name.
 */
export function validationThrew(instance: object, pathText: string, error: unknown, options: ValidatorOptions): ConfigValidationIssue {
  const found = throwingField(instance, pathText, options);
  const rules = found?.rules.length ? found.rules : ['validate'];
  const message = `${rules.join(' or ')} threw while validating it (${errorName(error)})`;
  return { path: found?.path ?? pathText, constraints: Object.fromEntries(rules.map((rule) => [rule, message])), message };
}

/** The issue of a section whose `@Transform` threw: the key it threw on, found by transforming each key alone. */
export function transformThrew(type: new () => object, plain: object, pathText: string, error: unknown): ConfigValidationIssue {
  const transforms = (input: object) => {
    try {
      plainToInstance(type, input, { exposeDefaultValues: true });
      return false;
    } catch {
      return true;
    }
  };
  const key = transforms({}) ? undefined : Object.keys(plain).find((k) => transforms({ [k]: (plain as Record<string, unknown>)[k] }));
  const message = `a @Transform threw while transforming it (${errorName(error)})`;
  return { path: key === undefined ? pathText : `${pathText}.${key}`, constraints: { transform: message }, message };
}

/** The field (nested fields first) whose rules throw when it is validated alone, and the names of those rules. */
function throwingField(instance: object, path: string, options: ValidatorOptions): { path: string; rules: string[] } | undefined {
  const fields = instance as Record<string, unknown>;
  const alone = { ...options, skipMissingProperties: true };
  for (const property of Object.keys(rulesOf(instance.constructor))) {
    const probe = Object.create(Object.getPrototypeOf(instance) as object) as Record<string, unknown>;
    probe[property] = fields[property];
    try {
      validateSync(probe, alone);
      continue;
    } catch {
      const value = fields[property];
      const nested = isClassInstance(value) ? throwingField(value, `${path}.${property}`, options) : undefined;
      return nested ?? { path: `${path}.${property}`, rules: rulesOf(instance.constructor)[property] };
    }
  }
  return undefined;
}

/**
 * The rule names of each field of a class, read from class-validator's exported metadata storage:
 * the `@Validate(Rule)` ones when a field has any (the user's code, which is what throws), else all.
 */
function rulesOf(type: object): Record<string, string[]> {
  const storage = getMetadataStorage();
  const byField: Record<string, { custom: string[]; all: string[] }> = {};
  for (const metadata of storage.getTargetValidationMetadatas(type as new () => object, '', true, false)) {
    const field = (byField[metadata.propertyName] ??= { custom: [], all: [] });
    const names = metadata.constraintCls ? storage.getTargetValidatorConstraints(metadata.constraintCls).map((c) => c.name) : [];
    field.all.push(...names);
    if (metadata.name === undefined) field.custom.push(...names);
  }
  return Object.fromEntries(Object.entries(byField).map(([field, { custom, all }]) => [field, custom.length ? custom : all]));
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
