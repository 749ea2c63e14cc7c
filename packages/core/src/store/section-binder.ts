import type { ConfigValidationIssue } from '../errors';
import { isSchemaSection } from '../decorators/define-section';
import type { Section, UnknownKeysPolicy } from '../interfaces/config-center-options.interface';
import { hideSecrets } from '../secrets/hide-secrets';
import { resolveSecrets, scrubIssues } from '../secrets/resolve-secrets';
import { NO_KEYS, type SecretKeyring } from '../secrets/secret-keyring';
import type { OpenedValues } from '../secrets/opened-values';
import type { ReferenceResolver } from '../secrets/secret-reference';
import { deepFreeze, isPlainObject } from '../tree/tree-ops';
import { bindSchema } from './schema-binder';
import { issueOf } from './validation-issue';

/** A section bound to its path, with its slot in every snapshot. */
export interface SectionBinding {
  readonly type: Section;
  /** How messages name it: the class name, or `defineSection('rateLimit')`. */
  readonly name: string;
  readonly path: readonly string[];
  readonly pathText: string;
  readonly index: number;
  /** What keys that no field declares do: listed (`warn`), rejected (`reject`) or not looked for (`ignore`). */
  readonly unknownKeys: UnknownKeysPolicy;
  /** Dotted paths (the module's `ignoreKeys`) at or under which keys no field declares are not looked for. */
  readonly ignoreKeys?: readonly string[];
  /** The fields it marks secret (`@Secret()`, `defineSection`'s `secrets`), dotted below its path. */
  readonly secretFields?: readonly string[];
  /** The keys that open its `enc:` values; none when absent (each is refused). */
  readonly keyring?: SecretKeyring;
  /** What resolves its `${file:…}` / `${env:…}` values; absent when `secrets.references` is off (they are text). */
  readonly references?: ReferenceResolver;
  /** The envelopes it opened last, by path: a one-key change opens that value only. */
  readonly opened?: OpenedValues;
}

/** Either the frozen, validated instance, with the paths of the keys no field declares, or what is wrong with the input. */
export type BindResult =
  | { readonly ok: true; readonly instance: object; readonly unknownKeys: readonly string[] }
  | { readonly ok: false; readonly issues: ConfigValidationIssue[] };

/** What one kind of section (a class, a schema) made of its input. */
export interface Bound {
  /** The validated value; absent when `issues` holds any. */
  readonly instance?: object;
  readonly issues: ConfigValidationIssue[];
  /** The paths of the input keys it does not take. */
  readonly unknownKeys: readonly string[];
}

/**
 * Turns the plain subtree of a section into its validated, deep-frozen value: its `enc:` values
 * opened first (`resolveSecrets`; one that cannot be is a `secret` issue and nothing is bound),
 * then through the class (`bindClass`) or the Standard Schema (`bindSchema`), with its
 * unknown-keys policy. Its secret fields and the values that arrived encrypted show as
 * `[secret]` in the instance's `util.inspect` and `JSON.stringify`, and in no issue's message.
 */
export function bindSection(binding: SectionBinding, plain: unknown): BindResult {
  if (plain !== undefined && !isPlainObject(plain)) {
    return { ok: false, issues: [issueOf(binding.pathText, '', { isObject: 'must be an object' }, plain)] };
  }
  const references = binding.references && { resolver: binding.references, reader: binding.index };
  const resolved = resolveSecrets(plain ?? {}, binding.path, binding.keyring ?? NO_KEYS, references, binding.opened);
  if (!resolved.ok) return { ok: false, issues: resolved.issues };
  const input = resolved.value as object;
  const { type, pathText } = binding;
  const bound = isSchemaSection(type) ? bindSchema(type, input, pathText) : classBinder().bindClass(type, input, pathText);
  const unknownKeys = binding.unknownKeys === 'ignore' ? [] : notIgnored(bound.unknownKeys, binding.ignoreKeys);
  const issues =
    binding.unknownKeys === 'reject' ? [...bound.issues, ...unknownKeys.map((path) => unknownKeyIssue(path, binding.name))] : bound.issues;
  if (issues.length || !bound.instance) return { ok: false, issues: scrubIssues(issues, resolved.plaintexts) };
  const declared = binding.unknownKeys === 'ignore' ? bound.instance : withoutKeys(bound.instance, bound.unknownKeys, pathText);
  const instance = hideSecrets(declared, [...(binding.secretFields ?? []), ...resolved.paths]);
  return { ok: true, instance: deepFreeze(instance), unknownKeys };
}

/**
 * The instance without the keys no field declares, which class-transformer copies onto it: an
 * instance holds its declared value only, so one kept across a change of such keys (see
 * `nextSnapshot`) is never stale, and a path read to such a key comes from the tree. Under
 * `ignore` the keys are part of the value and stay. Runs before the instance is frozen.
 */
function withoutKeys(instance: object, paths: readonly string[], at: string): object {
  for (const path of paths) {
    const keys = path.slice(at.length + 1).split('.');
    let node: unknown = instance;
    for (const key of keys.slice(0, -1))
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node === 'object' && node !== null) delete (node as Record<string, unknown>)[keys[keys.length - 1]];
  }
  return instance;
}

function notIgnored(paths: readonly string[], ignoreKeys: readonly string[] = []): readonly string[] {
  if (!ignoreKeys.length || !paths.length) return paths;
  return paths.filter((path) => !ignoreKeys.some((ignored) => path === ignored || path.startsWith(`${ignored}.`)));
}

function unknownKeyIssue(path: string, owner: string): ConfigValidationIssue {
  const message = `is not a field of ${owner} (a typo?)`;
  return { path, constraints: { unknownKey: message }, message };
}

let classBinderModule: typeof import('./class-binder') | undefined;

/**
 * The binder of class sections, loaded with class-transformer and class-validator when the first
 * class section is bound: an app (or a CLI run) whose sections are all `defineSection` ones never
 * loads them.
 */
function classBinder(): typeof import('./class-binder') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (classBinderModule ??= require('./class-binder') as typeof import('./class-binder'));
}
