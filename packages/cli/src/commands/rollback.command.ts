import type { CliSettings } from '../settings/cli-settings.interface';
import type { RolloutWaitOptions } from '../rollout/await-rollout';
import { readVersion } from './history.command';
import { publishKeys, type PublishOptions } from './publish-keys';
import type { PublishOutcome } from './publish.command';
import { publishingBackendOf, waitAfterPublish } from './publish-wait';
import { validateKeys } from './validate.command';

/**
 * `rollback VERSION -m MESSAGE`: validates the version's content against today's sections, then
 * publishes it as a new version with the same compare-and-swap, deleting keys it did not hold, so
 * the prefix holds exactly that version's bytes again.
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
    const content = new Map(Object.entries(record.content));
    const report = await validateKeys(settings, `version:${record.version}`, content);
    if (!report.valid) return { report };
    const result = await publishKeys(backend, settings, content, { ...options, prune: true });
    return { report, result, wait: await waitAfterPublish(backend, settings, result, wait) };
  } finally {
    backend.close();
  }
}
