import type { Command } from 'commander';
import { formatHistory, formatShow, historyCommand, showCommand } from './commands/history.command';
import { rollbackCommand } from './commands/rollback.command';
import { secretViewOf, withSecretFlags, type SecretFlags } from './commands/secret-flags';
import { waitOptionsOf, withWaitFlags, type WaitFlags } from './commands/wait-flags';
import type { ProgramContext } from './program-context.interface';

/** `history`, `show` and `rollback`: the commands that read the published versions and restore one. */
export function registerHistoryCommands(program: Command, context: ProgramContext): void {
  const { settingsOf, print, reportPublish, exitCodesHelp } = context;
  program
    .command('history')
    .description(
      'List the published versions: number, time, author, content hash, message; and changes made outside the CLI since the last.',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ config-center history
  $ config-center history --json --etcd 10.0.0.1:2379 --prefix /configs/orders/production/
  $ config-center history --consul http://127.0.0.1:8500 --prefix configs/orders/production/
When the live keys no longer hold the last version's content, a last line says so:
  *  (live)  changed outside the CLI since version 7: 2 changed, 1 added
(with --json, the field changedOutside of the last version: the changed keys, never their values).${exitCodesHelp}`,
    )
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const versions = await historyCommand(settings);
      print(settings.json ? [JSON.stringify(versions, null, 2)] : formatHistory(versions));
    });

  withSecretFlags(program.command('show'))
    .argument('<version>', 'a version number from history')
    .description('List the keys of a version; values only with --show-values, as they may be secrets.')
    .option('--show-values', 'print the values too (an enc: value as [secret <kid>], its plaintext only with --show-secrets)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center show 3\n  $ config-center show 3 --show-values --json\n  $ config-center show 3 --consul http://127.0.0.1:8500 --prefix configs/orders/${exitCodesHelp}`,
    )
    .action(async (version: string, options: { showValues?: boolean } & SecretFlags, command: Command) => {
      const settings = settingsOf(command);
      const view = await secretViewOf(options, settings, context.io.cwd);
      const record = await showCommand(settings, version, options.showValues === true, view);
      print(settings.json ? [JSON.stringify(record, null, 2)] : formatShow(record, options.showValues === true));
    });

  withWaitFlags(program.command('rollback'))
    .argument('<version>', 'the version to restore')
    .description("Validate a version against today's sections, then publish it as a new version (same compare-and-swap).")
    .requiredOption('-m, --message <message>', 'why: recorded in the history')
    .option('--dry-run', 'validate and check the transaction, write nothing')
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center rollback 3 -m "back to before the outage"\n  $ config-center rollback 3 -m "back" --dry-run --json --consul http://127.0.0.1:8500 --prefix configs/orders/${exitCodesHelp}`,
    )
    .action(async (version: string, options: { message: string; dryRun?: boolean } & WaitFlags, command: Command) => {
      const wait = waitOptionsOf(options);
      const settings = settingsOf(command);
      const rollback = { message: options.message, dryRun: options.dryRun === true, showValues: false };
      reportPublish(settings, await rollbackCommand(settings, version, rollback, wait));
    });
}
