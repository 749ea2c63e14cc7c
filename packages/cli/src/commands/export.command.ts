import type { ConfigTree } from '@config-center/core/tooling';
import type { LiveKey } from '../backend/publish-plan';
import { CliError, ExitCode } from '../cli-error';
import { documentTreeOf, keysOfDocument, renderDocument, type DocumentFormat, type RawKey, type UnwritableKey } from '../config-document';
import type { CliSettings } from '../settings/cli-settings.interface';
import { backendOf } from './backend-of';

/**
 * `export [--format yaml|json]`: the live keys under the prefix as one config file that `import`
 * (and `publish --prune`) reads back to byte-identical keys. The text is checked by reading it back
 * before it is printed; keys a file cannot hold make it fail, naming them, never their values.
 */
export async function exportCommand(settings: CliSettings, format: DocumentFormat): Promise<string> {
  const backend = backendOf(settings, 'export');
  try {
    const live = await backend.readEntries();
    return documentOfKeys(live, backend.prefix, format, backend.describe()).text;
  } finally {
    backend.close();
  }
}

/** The file of live keys (all of them, or those below one path for `get`): its tree and its text, checked to read back to the same keys. */
export function documentOfKeys(
  live: ReadonlyMap<string, LiveKey>,
  prefix: string,
  format: DocumentFormat,
  where: string,
): { tree: ConfigTree; text: string } {
  const start = Buffer.byteLength(prefix);
  const keys = new Map([...live].map(([key, { raw, value }]): [string, RawKey] => [key, { name: raw.subarray(start), value }]));
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
