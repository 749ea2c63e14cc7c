import { readProposal } from '../proposal';
import type { CliSettings } from '../settings/cli-settings.interface';
import { backendOf } from './backend-of';
import { publishKeys, type PublishOptions, type PublishResult } from './publish.command';
import { validateProposal } from './validate.command';
import type { ValidationReport } from './validation-report';

/**
 * `import FILE -m MESSAGE`: replaces the prefix with a whole config file (an `export` of this or
 * another prefix): validated as `validate` does, then published with the same compare-and-swap
 * transaction and history record as `publish --prune`, so the prefix holds exactly the file's keys.
 */
export async function importCommand(
  settings: CliSettings,
  file: string,
  cwd: string,
  options: Omit<PublishOptions, 'prune'>,
): Promise<{ report: ValidationReport; result?: PublishResult }> {
  const proposal = await readProposal(file, cwd);
  const report = await validateProposal(settings, proposal, cwd);
  if (!report.valid) return { report };
  const backend = backendOf(settings, 'import');
  try {
    return { report, result: await publishKeys(backend, settings, proposal.keys, { ...options, prune: true }) };
  } finally {
    backend.close();
  }
}
