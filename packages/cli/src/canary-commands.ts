import type { Command } from 'commander';
import type { ExitCodeValue } from './cli-error';
import { CliError, ExitCode } from './cli-error';
import { formatPublish } from './commands/publish-keys';
import { formatValidationReport } from './commands/validation-report';
import type { ProgramContext } from './program-context.interface';

/** What the canary commands take from the program: the shared context, and how to set the exit code. */
export interface CanaryProgramContext extends ProgramContext {
  readonly setExit: (code: ExitCodeValue) => void;
}

/**
 * `canary start|widen|status|promote|abort`: a release that only the instances it selects apply
 * (etcd). Each command's code (and `@config-center/etcd` with `etcd3`) loads when it runs.
 */
export function registerCanaryCommands(program: Command, context: CanaryProgramContext): void {
  const { settingsOf, print, exitCodesHelp } = context;
  const canary = program
    .command('canary')
    .description(
      'Release a change to some instances first (by label or a stable percentage of instance ids), then promote or abort it (etcd).',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ config-center canary start config/production.yaml -m "limit 8" --labels zone=a
  $ config-center canary start proposal.yaml -m "new pool size" --percent 10 --etcd 10.0.0.1:2379
  $ config-center canary status --json
  $ config-center canary promote
Canaries need etcd (instances report and apply them through their etcd source); on Consul they are
a usage error.${exitCodesHelp}`,
    );

  canary
    .command('start')
    .argument('<target>', 'the proposal: a .yaml/.json file or a directory; its keys that differ from the live ones are the canary')
    .description('Validate the main config with the proposal on top, then write it as the canary: only the selected instances apply it.')
    .requiredOption('-m, --message <message>', 'why: recorded in the canary and, on promote, in the history')
    .option('--labels <pairs>', 'select instances carrying every label: zone=a,tier=web')
    .option('--percent <percent>', 'select a stable share of instance ids: 10')
    .option('--dry-run', 'validate and check, write nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center canary start config/production.yaml -m "new limit" --labels zone=a
  $ config-center canary start config/production.yaml -m "new limit" --percent 10
One canary per prefix at a time; a publish is refused while it runs unless --force.${exitCodesHelp}`,
    )
    .action(async (target: string, options: { message: string; labels?: string; percent?: string; dryRun?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const { canaryStartCommand, labelsSelector, percentOf } = await import('./canary/canary-start.command');
      const { describeSelector } = await import('./canary/canary-backend');
      if ((options.labels === undefined) === (options.percent === undefined)) {
        throw new CliError('canary start needs exactly one of --labels name=value,… and --percent N', ExitCode.usage);
      }
      const selector = options.labels !== undefined ? labelsSelector(options.labels) : { percent: percentOf(options.percent!) };
      const io = context.io;
      const outcome = await canaryStartCommand(settings, target, io.cwd, {
        message: options.message,
        selector,
        dryRun: options.dryRun === true,
      });
      const { result } = outcome;
      if (settings.json) print([JSON.stringify(result ?? { report: outcome.report }, null, 2)]);
      else if (!result) print(formatValidationReport(outcome.report));
      else {
        const verb = result.dryRun ? 'dry run: would start' : 'started';
        print([
          `${verb} canary ${result.releaseId} on ${result.prefix} for ${describeSelector(result)} (${result.diff.changes.length} key(s))`,
        ]);
      }
      context.setExit(result ? ExitCode.ok : ExitCode.invalid);
    });

  canary
    .command('widen')
    .description('Select a larger percentage for the running canary; the instances already in stay in.')
    .requiredOption('--percent <percent>', 'the new share, above the current one')
    .action(async (options: { percent: string }, command: Command) => {
      const settings = settingsOf(command);
      const { canaryWidenCommand, percentOf } = await import('./canary/canary-start.command');
      const widened = await canaryWidenCommand(settings, percentOf(options.percent));
      print(
        settings.json
          ? [JSON.stringify(widened, null, 2)]
          : [`widened canary ${widened.releaseId} from ${widened.from} % to ${widened.to} %`],
      );
      context.setExit(ExitCode.ok);
    });

  canary
    .command('status')
    .description(
      'Show the running canary and every live instance: in or out, applied, rejected (why) or pending. Exit 1 when any rejected it.',
    )
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const { canaryStatusCommand, formatCanaryStatus } = await import('./canary/canary-status.command');
      const status = await canaryStatusCommand(settings);
      print(settings.json ? [JSON.stringify(status, null, 2)] : formatCanaryStatus(status));
      context.setExit(status.totals.rejected ? ExitCode.invalid : ExitCode.ok);
    });

  canary
    .command('promote')
    .description("Publish the canary's keys to the main prefix in one transaction with a history version and the canary's removal.")
    .option('-m, --message <message>', "for the history (default: 'promote <release>: ' + the canary's message)")
    .option('--dry-run', 'validate and check the transaction, write nothing')
    .action(async (options: { message?: string; dryRun?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const { canaryPromoteCommand } = await import('./canary/canary-end.command');
      const outcome = await canaryPromoteCommand(settings, { message: options.message, dryRun: options.dryRun === true });
      const { result } = outcome;
      if (settings.json)
        print([JSON.stringify(result ? { releaseId: outcome.releaseId, ...result } : { report: outcome.report }, null, 2)]);
      else if (!result) print(formatValidationReport(outcome.report));
      else
        print([
          ...formatPublish(result),
          ...(result.dryRun ? [] : [`promoted canary ${outcome.releaseId}: every instance serves version ${result.version}`]),
        ]);
      context.setExit(result ? ExitCode.ok : ExitCode.invalid);
    });

  canary
    .command('abort')
    .description('Remove the running canary: its instances return to the main config, each in one batch.')
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const { canaryAbortCommand } = await import('./canary/canary-end.command');
      const { releaseId } = await canaryAbortCommand(settings);
      print(
        settings.json ? [JSON.stringify({ aborted: releaseId })] : [`aborted canary ${releaseId}: its instances return to the main config`],
      );
      context.setExit(ExitCode.ok);
    });
}
