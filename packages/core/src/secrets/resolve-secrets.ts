import type { ConfigValidationIssue } from '../errors';
import { SecretEnvelopeError } from '../errors';
import { isPlainObject } from '../tree/tree-ops';
import type { OpenedValues } from './opened-values';
import { decryptValue } from './secret-cipher';
import { isEnvelope } from './secret-envelope';
import type { SecretKeyring } from './secret-keyring';
import { parseReference, type ReferenceResolver, type ResolvedReference, type SecretReference } from './secret-reference';

/** The constraint name of an issue that is an envelope refused: what makes a rejection's `errors$` kind `secret`. */
export const SECRET_CONSTRAINT = 'secret';

/** A section's subtree with every envelope opened, the paths (relative to the section) that held one and their plaintexts. */
export interface ResolvedSecrets {
  readonly ok: true;
  readonly value: unknown;
  readonly paths: readonly string[];
  readonly plaintexts: readonly string[];
}

/** Envelopes that could not be opened, one issue each (path and key id, never a value). */
export interface UnresolvedSecrets {
  readonly ok: false;
  readonly issues: ConfigValidationIssue[];
}

/**
 * The resolver step between the merge and binding: opens every `enc:` value in a section's
 * subtree (`plain`, at config path `sectionPath`) with the config path as associated data. The
 * merged tree keeps the envelopes; only the returned copy (copied along the paths that held one,
 * shared elsewhere) holds plaintext. An envelope that cannot be opened is an issue with the
 * `secret` constraint: never a ciphertext passed through. References (`${file:…}`) join here.
 */
export function resolveSecrets(
  plain: unknown,
  sectionPath: readonly string[],
  keyring: SecretKeyring,
  references?: SectionReferences,
  opened?: OpenedValues,
): ResolvedSecrets | UnresolvedSecrets {
  const walk = new SecretWalk(sectionPath, keyring, references, opened);
  const value = walk.visit(plain);
  return walk.issues.length ? { ok: false, issues: walk.issues } : { ok: true, value, paths: walk.paths, plaintexts: walk.plaintexts };
}

/** The references a section resolves (when `secrets.references` is on), and which section it is (`reader`). */
export interface SectionReferences {
  readonly resolver: ReferenceResolver;
  readonly reader: number;
}

/** One walk of a section's subtree: what it opened and what it could not. */
class SecretWalk {
  readonly paths: string[] = [];
  readonly plaintexts: string[] = [];
  readonly issues: ConfigValidationIssue[] = [];
  // One path stack for the walk: a section without envelopes costs a visit per node, no allocation.
  private readonly at: string[] = [];

  constructor(
    private readonly sectionPath: readonly string[],
    private readonly keyring: SecretKeyring,
    private readonly references?: SectionReferences,
    private readonly opened?: OpenedValues,
  ) {}

  /** `node` with its envelopes opened: itself when it holds none, else copied along the paths that do. */
  visit(node: unknown): unknown {
    if (isEnvelope(node)) return this.open(node);
    const reference = this.references && parseReference(node);
    if (reference) return this.follow(reference);
    if (Array.isArray(node))
      return copyChanged(
        node,
        node.map((item, i) => this.child(item, String(i))),
      );
    if (!isPlainObject(node)) return node;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(node)) {
      const next = this.child(node[key], key);
      if (next !== node[key]) (copy ??= { ...node })[key] = next;
    }
    return copy ?? node;
  }

  private child(node: unknown, key: string): unknown {
    this.at.push(key);
    const next = this.visit(node);
    this.at.pop();
    return next;
  }

  private follow(reference: SecretReference): unknown {
    const { resolver, reader } = this.references!;
    const outcome = followReference({ at: this.at, sectionPath: this.sectionPath }, resolver.resolve(reference, reader), reference.text);
    if (!outcome.ok) return void this.issues.push(outcome.issue);
    this.paths.push(this.at.join('.'));
    this.plaintexts.push(outcome.text);
    return outcome.text;
  }

  private open(text: string): unknown {
    try {
      const path = [...this.sectionPath, ...this.at].join('.');
      const plaintext = this.opened ? this.opened.open(text, path, this.keyring) : decryptValue(text, { path, keyring: this.keyring });
      this.paths.push(this.at.join('.'));
      this.plaintexts.push(plaintext);
      return plaintext;
    } catch (error) {
      if (!(error instanceof SecretEnvelopeError)) throw error;
      this.issues.push(secretIssue(error));
      return undefined;
    }
  }
}

/** What a reference resolves to, secret whether its field is marked or not; one that does not resolve is a `secret` issue. */
function followReference(walk: { at: readonly string[]; sectionPath: readonly string[] }, resolved: ResolvedReference, text: string) {
  if (resolved.ok) return resolved;
  const path = [...walk.sectionPath, ...walk.at].join('.');
  const message = `the reference ${text} cannot be resolved: ${resolved.reason}`;
  return { ok: false as const, issue: { path, constraints: { [SECRET_CONSTRAINT]: message }, message } };
}

function secretIssue({ path, kid, detail }: SecretEnvelopeError): ConfigValidationIssue {
  const message = `cannot be decrypted${kid === undefined ? '' : ` with key '${kid}'`}: ${detail}`;
  return { path, constraints: { [SECRET_CONSTRAINT]: message }, message };
}

function copyChanged(items: readonly unknown[], mapped: unknown[]): readonly unknown[] {
  return mapped.every((item, i) => item === items[i]) ? items : mapped;
}

/** Whether an issue is an envelope that could not be opened. */
export function isSecretIssue(issue: ConfigValidationIssue): boolean {
  return SECRET_CONSTRAINT in issue.constraints;
}

/**
 * `issues` with every occurrence of a plaintext in their messages replaced by `[secret]`: a
 * validator's own message may quote the value it checked (class-validator's `$value`).
 */
export function scrubIssues(issues: ConfigValidationIssue[], plaintexts: readonly string[]): ConfigValidationIssue[] {
  const texts = plaintexts.filter((text) => text.length > 0);
  if (!texts.length) return issues;
  const scrub = (message: string) => texts.reduce((out, text) => out.split(text).join('[secret]'), message);
  return issues.map(({ path, constraints, message }) => ({
    path,
    constraints: Object.fromEntries(Object.entries(constraints).map(([rule, text]) => [rule, scrub(text)])),
    message: scrub(message),
  }));
}
