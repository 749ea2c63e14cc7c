import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from './cli-error';
import { formatPublish } from './commands/publish-keys';
import type { PublishOutcome } from './commands/publish.command';
import { formatPublishWait } from './commands/publish-wait';
import { formatValidationReport } from './commands/validation-report';
import { progressOn } from './output/progress';
import { EXIT_CODES_HELP } from './program-options';
import type { CliIo, ProgramContext } from './program-context.interface';
import type { GlobalFlags } from './settings/cli-settings.interface';
import { resolveSettings } from './settings/resolve-settings';

/**
 * What every command of one run shares: its settings (project file, environment, then the global
 * flags), its printers, and its exit code. A publish's lines printed when it committed are
 * remembered here, so that reporting its outcome does not print them again.
 */
export function createProgramContext(io: CliIo, setExit: (code: ExitCodeValue) => void): ProgramContext {
  const print = (lines: string[]) => io.stdout.write(lines.map((line) => `${line}\n`).join(''));
  /** The lines of the publish printed when it committed (reportPublish does not print them again). */
  let printedOnCommit: string | undefined;
  const settingsOf = (command: Command) => {
    const settings = resolveSettings(command.optsWithGlobals<GlobalFlags>(), io.env, io.cwd);
    const committed = (lines: readonly string[]) => ((printedOnCommit = lines.join('\n')), print([...lines]));
    return { ...settings, progress: progressOn(io.stderr, io.env, settings.json), ...(!settings.json && { committed }) };
  };

  /**
   * Prints a publish's outcome: the validation report when invalid (exit 1), else what was
   * published, then what `--wait` saw (exit 1 unless enough instances applied it).
   */
  const reportPublish = (settings: { json: boolean }, outcome: PublishOutcome) => {
    for (const warning of outcome.result?.warnings ?? []) io.stderr.write(`config-center: warning: ${warning}\n`);
    const { result, wait } = outcome;
    if (settings.json) print([JSON.stringify(result ? { ...result, ...(wait && { wait }) } : { report: outcome.report }, null, 2)]);
    else if (!result) print(formatValidationReport(outcome.report));
    else {
      const published = formatPublish(result);
      print([...(published.join('\n') === printedOnCommit ? [] : published), ...(wait ? formatPublishWait(wait) : [])]);
    }
    setExit(result && (!wait || wait.rollout.outcome === 'applied') ? ExitCode.ok : ExitCode.invalid);
  };
  return { io, settingsOf, print, reportPublish, setExit, exitCodesHelp: EXIT_CODES_HELP };
}
