import type { ConfigTree } from '@config-center/core/tooling';
import type { LiveKey } from '../backend/publish-plan';
import { CliError, ExitCode } from '../cli-error';
import { documentTreeOf, keysOfDocument, renderDocument, type DocumentFormat, type RawKey, type UnwritableKey } from '../config-document';
import type { CliSettings } from '../settings/cli-settings.interface';
import { renderStoredValue, type SecretView } from '../output/stored-value';
import { backendOf } from './backend-of';

/**
 * `export [--format yaml|json]`: the live keys under the prefix as one config file that `import`
 * (and `publish --prune`) reads back to byte-identical keys. The text is checked by reading it back
 * before it is printed; keys a file cannot hold make it fail, naming them, never their values.
 * An `enc:` value is exported as `[secret <kid>]` (the file does not restore it), or as its
 * plaintext with `view`'s keys (`--show-secrets`).
 */
export async function exportCommand(settings: CliSettings, format: DocumentFormat, view: SecretView = {}): Promise<string> {
  const backend = backendOf(settings, 'export');
  try {
    const live = await backend.readEntries();
    return documentOfKeys(live, backend.prefix, format, backend.describe(), { view }).text;
  } finally {
    backend.close();
  }
}

/**
 * The file of live keys (all of them, or those below one path `under` for `get`): its tree and its
 * text, each value rendered by `renderStoredValue`, checked to read back to the same keys.
 */
export function documentOfKeys(
  live: ReadonlyMap<string, LiveKey>,
  prefix: string,
  format: DocumentFormat,
  where: string,
  { view, under }: { view?: SecretView; under?: string } = {},
): { tree: ConfigTree; text: string } {
  const start = Buffer.byteLength(prefix);
  const rendered = (key: string, value: string) => renderStoredValue(value, under === undefined ? key : `${under}/${key}`, view);
  const keys = new Map(
    [...live].map(([key, { raw, value }]): [string, RawKey] => [key, { name: raw.subarray(start), value: rendered(key, value) }]),
  );
  const { tree, unwritable } = documentTreeOf(keys, format);
  if (unwritable.length) throw unwritableError(unwritable, where);
  const text = renderDocument(tree, format);
  const back = keysOfDocument(text, format);
  const lost = [...keys.keys()].find((key) => back.get(key) !== keys.get(key)!.value) ?? [...back.keys()].find((key) => !keys.has(key));
  if (lost !== undefined) {
    throw new CliError(`cannot export ${where}: key '${lost}' would not read back from the ${format} file as it is`, ExitCode.invalid);
  }
  return { tree, text };
}

function unwritableError(unwritable: readonly UnwritableKey[], where: string): CliError {
  const listed = unwritable.map(({ key, problem }) => `'${key}' (${problem})`).join('; ');
  return new CliError(
    `cannot export ${where}: ${unwritable.length} key${unwritable.length === 1 ? '' : 's'} cannot be held by a config file: ${listed}`,
    ExitCode.invalid,
  );
}
