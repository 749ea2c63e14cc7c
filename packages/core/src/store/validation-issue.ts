import type { ConfigValidationIssue } from '../errors';

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
