/** A reference value: `${file:/path}` (the file's text) or `${env:NAME}` (the variable's value). */
export interface SecretReference {
  readonly scheme: 'file' | 'env';
  /** The file path or the variable name. */
  readonly target: string;
  /** The reference as written: what messages name (never what it resolves to). */
  readonly text: string;
}

const REFERENCE = /^\$\{(file|env):([^}]+)\}$/;

/** The reference a config value spells, or `undefined` when it spells none (the whole text must be one reference). */
export function parseReference(value: unknown): SecretReference | undefined {
  if (typeof value !== 'string' || !value.startsWith('${')) return undefined;
  const match = REFERENCE.exec(value);
  return match ? { scheme: match[1] as SecretReference['scheme'], target: match[2], text: value } : undefined;
}

/** What a reference resolved to: its text, or why it has none (naming the file or variable, never a value). */
export type ResolvedReference = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/**
 * The port through which `${file:…}` and `${env:…}` values are resolved when `secrets.references`
 * is on. `reader` is the binding index of the section that reads it: a watched file that changes
 * has its readers bound again.
 */
export interface ReferenceResolver {
  resolve(reference: SecretReference, reader: number): ResolvedReference;
}
