import type { Command } from 'commander';
import { ExitCode } from './cli-error';
import { diffCommand, formatDiff } from './commands/diff.command';
import { diffVersionsCommand, isVersionArgument, secondArgumentError } from './commands/diff-versions.command';
import { publishCommand } from './commands/publish.command';
import { secretViewOf, withKeyDir, withKeyDirFlag, withSecretFlags, type SecretFlags } from './commands/secret-flags';
import { formatValidationReport } from './commands/validation-report';
import { waitOptionsOf, withWaitFlags, type WaitFlags } from './commands/wait-flags';
import { validateCommand } from './commands/validate.command';
import { colourFor, painter } from './output/terminal-style';
import type { ProgramContext } from './program-context.interface';

/** The flags of `diff`, as the argument parser gives them. */
type DiffFlags = { showValues?: boolean; prune?: boolean } & SecretFlags;

/** `validate`, `diff` and `publish`: the commands that take a proposal from check to commit. */
export function registerProposalCommands(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, reportPublish, setExit, exitCodesHelp } = context;
  withKeyDirFlag(program.command('validate'))
    .argument('[target]', 'a .yaml/.json file or a directory (a ConfigMap layout); default: the live state in etcd or Consul')
    .description("Check a proposed config with the service's own section classes, as the app would load it.")
    .addHelpText(
      'after',
      `
Examples:
  $ config-center validate config/production.yaml
  $ config-center validate --sections dist/config/sections.js --base config/app.yaml proposal/
  $ config-center validate --etcd 10.0.0.1:2379 --prefix /configs/orders/production/   # the live state
  $ config-center validate --consul http://127.0.0.1:8500 --prefix configs/orders/production/
  $ config-center validate proposal.yaml --json
  $ config-center validate proposal.yaml --key-dir /run/secrets/config-center   # opens enc: values to validate them
Prints one line per problem (path: constraint (source, file:line where a file holds the path)); exits 1 when there is any.
Without keys an enc: value's envelope and key id are checked, and a warning says its value was not.${exitCodesHelp}`,
    )
    .action(async (target: string | undefined, options: { keyDir?: string }, command: Command) => {
      const settings = withKeyDir(settingsOf(command), options.keyDir, io.cwd);
      const report = await validateCommand(settings, target, io.cwd);
      if (settings.json) print([JSON.stringify(report, null, 2)]);
      else print(formatValidationReport(report));
      setExit(report.valid ? ExitCode.ok : ExitCode.invalid);
    });

  withSecretFlags(program.command('diff'))
    .argument('<target>', 'the proposal (a .yaml/.json file or a directory), or a VERSION: a whole number that is not an existing file')
    .argument('[version]', 'with a VERSION first: a second version to compare it with (default: the live keys)')
    .description('Show the keys a publish of the proposal would add, change and remove under the prefix; or how versions differ.')
    .option('--show-values', 'print values (by default only key names and a short hash); an enc: value is always [secret <kid>]')
    .option('--prune', 'as publish --prune: live keys the proposal does not hold are shown as removed (kept by default)')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center diff config/production.yaml
  $ config-center diff proposal/ --etcd 10.0.0.1:2379 --prefix /configs/orders/production/
  $ CONFIG_CENTER_TOKEN=… config-center diff proposal/ --consul https://consul:8501 --prefix configs/orders/
  $ config-center diff proposal.yaml --json
  $ NO_COLOR=1 config-center diff proposal.yaml --show-values
  $ config-center diff 3          # version 3 of the history against the live keys
  $ config-center diff 3 5 --json # version 3 against version 5
Keys are the proposal's paths joined by / under the prefix; scalars are their text, arrays JSON.
An argument that is a whole number and not an existing file is a VERSION (write ./3 for a file named 3).
When the live keys no longer hold the last version's content, a note says what changed outside the CLI.
An encrypted value shows as its key id, so a changed secret still shows: ~ db/password  [secret k1] → [secret k2]
The enc: values a publish would write are opened with the key directory's keys (--key-dir); without
keys their envelope and key id are checked and a warning says their value was not; exit 1 when one fails.${exitCodesHelp}`,
    )
    .action(async (target: string, other: string | undefined, options: DiffFlags, command: Command) => {
      const settings = withKeyDir(settingsOf(command), options.keyDir, io.cwd);
      const paint = painter(colourFor(io.stdout, io.env));
      const view = await secretViewOf(options, settings, io.cwd);
      if (isVersionArgument(target, io.cwd)) {
        const diff = await diffVersionsCommand(settings, target, other, options.showValues === true, view);
        print(settings.json ? [JSON.stringify(diff, null, 2)] : [`${diff.from} → ${diff.to}`, ...formatDiff(diff, paint)]);
      } else {
        if (other !== undefined) throw secondArgumentError(target);
        const diff = await diffCommand(settings, target, io.cwd, {
          showValues: options.showValues === true,
          prune: options.prune === true,
          view,
        });
        print(settings.json ? [JSON.stringify(diff, null, 2)] : formatDiff(diff, paint));
        return setExit(diff.secrets.problems.length ? ExitCode.invalid : ExitCode.ok);
      }
      setExit(ExitCode.ok);
    });

  withKeyDirFlag(withWaitFlags(program.command('publish')))
    .argument('<target>', 'the proposal: a .yaml/.json file or a directory')
    .description('Validate the proposal, then write it and a history record in one compare-and-swap transaction (etcd or Consul).')
    .requiredOption('-m, --message <message>', 'why: recorded in the history')
    .option('--dry-run', 'validate and check the transaction, write nothing')
    .option('--prune', 'delete live keys under the prefix that the proposal does not hold (kept by default)')
    .option('--force', 'publish even while a canary release runs on the prefix (refused by default)')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center publish config/production.yaml -m "raise the rate limit"
  $ config-center publish proposal/ -m "drop old keys" --prune
  $ config-center publish proposal.yaml -m "check" --dry-run --json
  $ config-center publish proposal.yaml -m "on Consul" --consul http://127.0.0.1:8500 --prefix configs/orders/
An invalid proposal is never written. If anything under the prefix changed since it was read,
the publish is a conflict: nothing is written, exit 1. A transaction beyond the backend's limits
is refused, never split: etcd's --max-txn-ops (128) and --max-request-bytes (1.5 MiB); Consul's
128 operations per /v1/txn and limits.txn_max_req_len (512 KiB). On Consul, unchanged keys are
compared (check-index) as far as the 128 operations allow; a warning says how many were not.
With --wait (etcd: the apps' instance reports), it then waits for the instances: exit 1 naming
each rejecter (id: path: constraint), or when --timeout ran out (naming the instances still on an
older version); --rollback-on-reject then publishes the version before again.
  $ config-center publish config/production.yaml -m "raise the limit" --wait --timeout 30
  $ config-center publish config/production.yaml -m "raise the limit" --wait 90 --rollback-on-reject${exitCodesHelp}`,
    )
    .action(
      async (
        target: string,
        options: { message: string; dryRun?: boolean; prune?: boolean; force?: boolean; keyDir?: string } & WaitFlags,
        command: Command,
      ) => {
        const wait = waitOptionsOf(options);
        const settings = withKeyDir(settingsOf(command), options.keyDir, io.cwd);
        const publish = {
          message: options.message,
          dryRun: options.dryRun === true,
          prune: options.prune === true,
          showValues: false,
          force: options.force === true,
        };
        reportPublish(settings, await publishCommand(settings, target, io.cwd, publish, wait));
      },
    );
}
