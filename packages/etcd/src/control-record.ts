/** What one field of a control record must hold. */
export type FieldCheck = (value: unknown) => boolean;

export const isString = (value: unknown): value is string => typeof value === 'string';

export const optional =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    value === undefined || check(value);

export const arrayOf =
  (check: FieldCheck): FieldCheck =>
  (value) =>
    Array.isArray(value) && value.every(check);

export const objectWith =
  (fields: Record<string, FieldCheck>): FieldCheck =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    Object.entries(fields).every(([name, check]) => check((value as Record<string, unknown>)[name]));

/**
 * A JSON record of the control prefix (an instance report, a canary release) read from `text`,
 * checked field by field: for text that is not JSON, not of `format` or with a field of the wrong
 * shape, a problem naming the field (never its content).
 */
export function parseControlRecord<T>(text: string, format: number, fields: Record<keyof T, FieldCheck>): T | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== format) return { problem: `format ${JSON.stringify(record.format)} is not ${format}` };
  const bad = Object.entries<FieldCheck>(fields).find(([name, check]) => !check(record[name]));
  return bad ? { problem: `field '${bad[0]}' is missing or of the wrong shape` } : (record as T);
}
