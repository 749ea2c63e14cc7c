import type { CliSettings } from '../settings/cli-settings.interface';
import { backendOf } from './backend-of';
import { readVersion } from './history.command';
import { publishKeys, type PublishOptions, type PublishResult } from './publish.command';
import { validateKeys } from './validate.command';
import type { ValidationReport } from './validation-report';

/**
 * `rollback VERSION -m MESSAGE`: validates the version's content against today's sections, then
 * publishes it as a new version with the same compare-and-swap, deleting keys it did not hold, so
 * the prefix holds exactly that version's bytes again.
 */
export async function rollbackCommand(
  settings: CliSettings,
  version: string,
  options: Omit<PublishOptions, 'prune'>,
): Promise<{ report: ValidationReport; result?: PublishResult }> {
  const backend = backendOf(settings, 'rollback');
  try {
    const record = await readVersion(backend, version);
    const content = new Map(Object.entries(record.content));
    const report = await validateKeys(settings, `version:${record.version}`, content);
    if (!report.valid) return { report };
    return { report, result: await publishKeys(backend, settings, content, { ...options, prune: true }) };
  } finally {
    backend.close();
  }
}
