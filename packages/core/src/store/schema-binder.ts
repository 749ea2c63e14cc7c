import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { SchemaSection } from '../decorators/define-section';
import type { ConfigValidationIssue } from '../errors';
import { untypedValue } from '../parsing/value-text';
import { isPlainObject, readProperty } from '../tree/tree-ops';
import type { Bound } from './section-binder';

/**
 * A `defineSection` section, through the Standard Schema interface alone (`~standard.validate`):
 * the input as it is first (values keep their text); if the schema rejects it, once more with the
 * text at each rejected path read as the JSON scalar it spells (`'5'` → 5), whose outcome stands;
 * if that is still rejected, with each rejected number or boolean as its text (YAML's `version: 2`
 * for a string), taken only if it passes. Unknown keys are the input keys that its output leaves out.
 */
export function bindSchema(section: SchemaSection, plain: object, pathText: string): Bound {
  let input = plain;
  let result = validate(section, input);
  if (result.issues) {
    const scalars = retype(input, result.issues, textAsScalar);
    if (scalars !== input) [input, result] = [scalars, validate(section, scalars)];
  }
  if (result.issues) {
    const texts = retype(input, result.issues, scalarAsText);
    const retried = texts !== input && validate(section, texts);
    if (retried && !retried.issues) [input, result] = [texts, retried];
  }
  if (result.issues) return { issues: result.issues.map((issue) => issueOf(issue, input, pathText)), unknownKeys: [] };
  const instance = result.value;
  if (typeof instance !== 'object' || instance === null) {
    const message = 'the schema gave no object';
    return { issues: [{ path: pathText, constraints: { schema: message }, message }], unknownKeys: [] };
  }
  return { instance, issues: [], unknownKeys: keysLeftOut(plain, instance, pathText) };
}

function validate(section: SchemaSection, value: unknown): StandardSchemaV1.Result<object> {
  let result: StandardSchemaV1.Result<object> | Promise<StandardSchemaV1.Result<object>>;
  try {
    result = section.schema['~standard'].validate(value);
  } catch (error) {
    // Not its message: a validator's message may quote the value it threw on.
    return { issues: [{ message: `the schema threw (${error instanceof Error ? error.name : typeof error})` }] };
  }
  if (result instanceof Promise) {
    result.catch(() => undefined);
    return { issues: [{ message: 'the schema validates asynchronously; a config section must validate synchronously' }] };
  }
  return result;
}

/** `plain` with the value at each rejected path passed through `convert`; `plain` itself when none changes. */
function retype(plain: object, issues: readonly StandardSchemaV1.Issue[], convert: (value: unknown) => unknown): object {
  let retyped = plain;
  for (const issue of issues) {
    const path = pathOf(issue);
    if (path.length) retyped = convertAt(retyped, path, convert) as object;
  }
  return retyped;
}

/**
 * `node` with the value at `path`, through objects and lists (a YAML list's items are text:
 * `ports.0`), passed through `convert`; the objects and lists along it copied, `node` itself
 * when nothing changes.
 */
function convertAt(node: unknown, path: readonly string[], convert: (value: unknown) => unknown): unknown {
  if (path.length === 0) return convert(node);
  const [key, ...rest] = path;
  const item = Array.isArray(node) && /^\d+$/.test(key);
  if (!item && !isPlainObject(node)) return node;
  if (!Object.prototype.hasOwnProperty.call(node, key)) return node;
  const child = (node as Record<string, unknown>)[key];
  const next = convertAt(child, rest, convert);
  if (next === child) return node;
  return item ? Object.assign([...(node as unknown[])], { [key]: next }) : { ...(node as object), [key]: next };
}

function textAsScalar(value: unknown): unknown {
  return typeof value === 'string' ? untypedValue(value) : value;
}

function scalarAsText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function pathOf(issue: StandardSchemaV1.Issue): string[] {
  return (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
}

/**
 * One issue: the full path and the schema's message, with any quoted text of the input at that
 * path replaced by its kind (valibot says `received "five"`): never the value.
 */
function issueOf(issue: StandardSchemaV1.Issue, plain: object, pathText: string): ConfigValidationIssue {
  const path = pathOf(issue);
  const input = readProperty(plain, path);
  let message = issue.message;
  if (typeof input === 'string' && input) {
    for (const quoted of [JSON.stringify(input), `'${input}'`, `"${input}"`]) message = message.split(quoted).join('a string');
  }
  return { path: [pathText, ...path].filter(Boolean).join('.'), constraints: { schema: message }, message };
}

/** The paths of the keys of `input` that `output` does not hold, in nested plain objects too. */
function keysLeftOut(input: unknown, output: unknown, path: string, found: string[] = []): string[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((item, i) => keysLeftOut(item, output[i], `${path}.${i}`, found));
  } else if (isPlainObject(input) && typeof output === 'object' && output !== null) {
    const held = output as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(held, key)) found.push(`${path}.${key}`);
      else keysLeftOut(input[key], held[key], `${path}.${key}`, found);
    }
  }
  return found;
}
