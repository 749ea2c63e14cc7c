import { isEnvelope, parseEnvelope } from '@config-center/core/secrets';
import { CliError, ExitCode } from '../cli-error';
import type { KeyValues } from '../config-keys';
import type { HistoryRecord } from '../history/history-record';
import { pathOfKey } from '../output/stored-value';
import type { CliSettings } from '../settings/cli-settings.interface';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import { readVersion } from './history.command';
import { publishKeys, type PublishOptions } from './publish-keys';
import type { PublishOutcome } from './publish.command';
import { publishingBackendOf, waitAfterPublish } from './publish-wait';
import { validateKeys } from './validate.command';

/**
 * `rollback VERSION -m MESSAGE`: publishes the version's content, once valid against today's
 * sections and base files, as a new version with the same compare-and-swap, deleting keys it did not hold, so
 * the prefix holds exactly that version's bytes again. A version holding values under a key the
 * key directory no longer holds (a retired key) is refused, naming the key and the paths that need it.
 */
export async function rollbackCommand(
  settings: CliSettings,
  version: string,
  options: Omit<PublishOptions, 'prune'>,
  wait?: RolloutWaitOptions,
): Promise<PublishOutcome> {
  const backend = publishingBackendOf(settings, 'rollback', wait);
  try {
    const record = await readVersion(backend, version);
    if (settings.keyDir !== undefined) await refuseRetiredKeys(record, settings.keyDir);
    const content = new Map(Object.entries(record.content));
    const check = (keys: KeyValues) => validateKeys(settings, `version:${record.version}`, keys);
    const { report, result } = await publishKeys(backend, settings, content, { ...options, prune: true }, check);
    return { report, result, wait: result && (await waitAfterPublish(backend, settings, result, wait)) };
  } finally {
    backend.close();
  }
}

/** A CLI error naming each key id `record`'s envelopes need that the key directory `keyDir` lacks, with the paths under it. */
async function refuseRetiredKeys(record: HistoryRecord, keyDir: string): Promise<void> {
  const keyring = (await import('./secret-keys')).keyringOfDir(keyDir);
  const needed = new Map<string, string[]>();
  for (const [key, text] of Object.entries(record.content)) {
    if (!isEnvelope(text)) continue;
    const path = pathOfKey(key);
    let kid: string;
    try {
      kid = parseEnvelope(text, path).kid;
    } catch {
      continue; // validation names a malformed value
    }
    if (!keyring.key(kid)) needed.set(kid, [...(needed.get(kid) ?? []), path]);
  }
  if (!needed.size) return;
  const listed = [...needed].map(([kid, paths]) => `'${kid}' (${paths.join(', ')})`).join(', ');
  throw new CliError(
    `version ${record.version} needs key${needed.size === 1 ? '' : 's'} ${listed}, which the key directory ${keyDir} does not hold: ` +
      'put the retired key back there and on every instance before rolling back to it (or roll back, then secrets rotate)',
    ExitCode.invalid,
  );
}
