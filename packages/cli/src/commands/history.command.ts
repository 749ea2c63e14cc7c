import { CliError, ExitCode } from '../cli-error';
import type { HistoryRecord } from '../history/history-record';
import { printedHash } from '../output/printed-hash';
import { describeOutsideChanges, outsideChanges, type OutsideChanges } from '../history/outside-changes';
import type { CliSettings } from '../settings/cli-settings.interface';
import { renderStoredValues, type SecretView } from '../output/stored-value';
import { backendOf } from './backend-of';

/** One version in `history`: everything but the content; the last one also says how the live keys differ from it. */
export type VersionSummary = Omit<HistoryRecord, 'content'> & { readonly changedOutside?: OutsideChanges };

/**
 * `history`: every published version, oldest first, without content, its hash as printed
 * (`printedHash`); on the last one, `changedOutside` when the live keys no longer hold its content
 * (keys only, never values).
 */
export async function historyCommand(settings: CliSettings): Promise<VersionSummary[]> {
  const backend = backendOf(settings, 'history');
  try {
    const records = await backend.readHistory();
    const changedOutside = outsideChanges(backend.prefix, records.at(-1), await backend.readEntries(), false, settings.hashKey);
    const versions: VersionSummary[] = records.map(({ content: _content, hash, ...summary }) => ({
      ...summary,
      hash: printedHash(hash, settings.hashKey),
    }));
    if (changedOutside) versions[versions.length - 1] = { ...versions[versions.length - 1], changedOutside };
    return versions;
  } finally {
    backend.close();
  }
}

/**
 * `show VERSION`: one version, its hash as printed (`printedHash`); its values are blanked unless
 * `showValues`, then rendered by `renderStoredValue` (secrets as `[secret <kid>]` unless `view` opens them).
 */
export async function showCommand(
  settings: CliSettings,
  version: string,
  showValues: boolean,
  view: SecretView = {},
): Promise<HistoryRecord> {
  const backend = backendOf(settings, 'show');
  try {
    const stored = await readVersion(backend, version);
    const record = { ...stored, hash: printedHash(stored.hash, settings.hashKey) };
    if (showValues) return { ...record, content: Object.fromEntries(renderStoredValues(new Map(Object.entries(record.content)), view)) };
    return { ...record, content: Object.fromEntries(Object.keys(record.content).map((key) => [key, ''])) };
  } finally {
    backend.close();
  }
}

/** A version of the history, or a usage error naming the version and where it was looked for. */
export async function readVersion(
  backend: { readRecord(version: number): Promise<HistoryRecord | undefined>; describe(): string },
  version: string,
): Promise<HistoryRecord> {
  const number = Number(version);
  if (!Number.isInteger(number) || number < 1)
    throw new CliError(`VERSION must be a whole number from 1 (got '${version}')`, ExitCode.usage);
  const record = await backend.readRecord(number);
  if (!record) throw new CliError(`there is no version ${number} in the history of ${backend.describe()}`, ExitCode.usage);
  return record;
}

/** `history` as lines: `3  2026-12-02T14:00:00.000Z  ops-team  #1a2b3c4d  raise the limit`, then `*  (live)  changed outside the CLI …`. */
export function formatHistory(versions: readonly VersionSummary[]): string[] {
  if (!versions.length) return ['no version published yet'];
  const lines = versions.map(({ version, time, author, hash, message }) => `${version}  ${time}  ${author}  ${hash}  ${message}`);
  const changedOutside = versions[versions.length - 1].changedOutside;
  if (changedOutside) lines.push(`*  (live)  ${describeOutsideChanges(changedOutside)}`);
  return lines;
}

/** `show` as lines: the version's header, then one line per key (`key = value` with `--show-values`). */
export function formatShow(record: HistoryRecord, showValues: boolean): string[] {
  const header = `version ${record.version}  ${record.time}  ${record.author}  ${record.hash}  ${record.message}`;
  const keys = Object.entries(record.content).map(([key, value]) => (showValues ? `${key} = ${JSON.stringify(value)}` : key));
  return [header, ...keys];
}
