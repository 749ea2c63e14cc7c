import { DEFAULT_REQUEST_TIMEOUT_MS } from './settings/cli-settings.interface';
import { redact } from '@config-center/core/tooling';
import { Command, CommanderError, Option } from 'commander';
import { CliError, ExitCode, type ExitCodeValue } from './cli-error';
import { diffCommand, formatDiff } from './commands/diff.command';
import { diffVersionsCommand, isVersionArgument, secondArgumentError } from './commands/diff-versions.command';
import { formatHistory, formatShow, historyCommand, showCommand } from './commands/history.command';
import { formatPublish } from './commands/publish-keys';
import { publishCommand, type PublishOutcome } from './commands/publish.command';
import { formatPublishWait } from './commands/publish-wait';
import { rollbackCommand } from './commands/rollback.command';
import { formatValidationReport } from './commands/validation-report';
import { waitOptionsOf, withWaitFlags, type WaitFlags } from './commands/wait-flags';
import { validateCommand } from './commands/validate.command';
import { registerCanaryCommands } from './canary-commands';
import { registerLiveCommands } from './live-commands';
import { registerRolloutCommands } from './rollout-commands';
import { registerSecretCommands } from './secret-commands';
import { progressOn } from './output/progress';
import { colourFor, painter } from './output/terminal-style';
import type { CliIo } from './program-context.interface';
import type { GlobalFlags } from './settings/cli-settings.interface';
import { resolveSettings } from './settings/resolve-settings';

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 invalid (or a conflict), 2 usage error, 3 backend unreachable, 4 a commit may have applied (see history), 130/143 ended by SIGINT/SIGTERM.
Every command runs the same on etcd (--etcd, CONFIG_CENTER_ETCD_*) and on Consul (--consul, --token).
Settings come from config-center.yaml (or .json) found upward from the working folder,
then CONFIG_CENTER_* environment variables, then the flags.`;

const PROGRAM_EXAMPLES = `
Examples:
  $ config-center validate proposal.yaml --sections dist/config/sections.js
  $ config-center diff proposal.yaml --etcd 10.0.0.1:2379 --prefix /configs/orders/production/
  $ CONFIG_CENTER_TOKEN=… config-center publish proposal.yaml -m "raise the limit" --consul http://127.0.0.1:8500 --prefix configs/orders/
  $ config-center history --json
  $ config-center <command> --help   # each command's options and examples`;

/** The `config-center` program: the fixed global flags, and each command with its examples. */
export function buildProgram(io: CliIo, setExit: (code: ExitCodeValue) => void): Command {
  const program = new Command('config-center')
    .description('Validate, diff and publish the config of services that use @config-center/core, in etcd or Consul.')
    .option('--config <file>', 'the project file (default: config-center.yaml or .json, found upward)')
    .option('--etcd <endpoints>', 'etcd endpoints, comma-separated (127.0.0.1:2379,…)')
    .option('--consul <url>', 'the Consul agent (http://127.0.0.1:8500)')
    .option('--token <token>', 'the Consul ACL token (sent as X-Consul-Token, never printed)')
    .option('--prefix <prefix>', "the service's key prefix (/configs/orders/production/)")
    .option('--sections <module>', "the service's compiled module exporting its sections (dist/config/sections.js)")
    .addOption(new Option('--base <file>', 'a lower layer the service merges under the prefix (repeatable)').argParser(collect).default([]))
    .option('--author <name>', 'who makes the change, for the history')
    .option('--json', 'print JSON on stdout (every command; export and get: the file or value as JSON)')
    .option('--request-timeout <seconds>', `the deadline of each request to etcd or Consul (default ${DEFAULT_REQUEST_TIMEOUT_MS / 1000})`)
    .addHelpText('after', `${PROGRAM_EXAMPLES}\n${EXIT_CODES_HELP}`)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
  const print = (lines: string[]) => io.stdout.write(lines.map((line) => `${line}\n`).join(''));
  /** The lines of the publish printed when it committed (reportPublish does not print them again). */
  let printedOnCommit: string | undefined;
  const settingsOf = (command: Command) => {
    const settings = resolveSettings(command.optsWithGlobals<GlobalFlags>(), io.env, io.cwd);
    const committed = (lines: readonly string[]) => ((printedOnCommit = lines.join('\n')), print([...lines]));
    return { ...settings, progress: progressOn(io.stderr, io.env, settings.json), ...(!settings.json && { committed }) };
  };

  program
    .command('validate')
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
Prints one line per problem (path: constraint (source, file:line where a file holds the path)); exits 1 when there is any.${EXIT_CODES_HELP}`,
    )
    .action(async (target: string | undefined, _options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const report = await validateCommand(settings, target, io.cwd);
      if (settings.json) print([JSON.stringify(report, null, 2)]);
      else print(formatValidationReport(report));
      setExit(report.valid ? ExitCode.ok : ExitCode.invalid);
    });

  program
    .command('diff')
    .argument('<target>', 'the proposal (a .yaml/.json file or a directory), or a VERSION: a whole number that is not an existing file')
    .argument('[version]', 'with a VERSION first: a second version to compare it with (default: the live keys)')
    .description('Show the keys a publish of the proposal would add, change and remove under the prefix; or how versions differ.')
    .option('--show-values', 'print values (by default only key names and a short hash, as values may be secrets)')
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
When the live keys no longer hold the last version's content, a note says what changed outside the CLI.${EXIT_CODES_HELP}`,
    )
    .action(async (target: string, other: string | undefined, options: { showValues?: boolean; prune?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const paint = painter(colourFor(io.stdout, io.env));
      if (isVersionArgument(target, io.cwd)) {
        const diff = await diffVersionsCommand(settings, target, other, options.showValues === true);
        print(settings.json ? [JSON.stringify(diff, null, 2)] : [`${diff.from} → ${diff.to}`, ...formatDiff(diff, paint)]);
      } else {
        if (other !== undefined) throw secondArgumentError(target);
        const diff = await diffCommand(settings, target, io.cwd, {
          showValues: options.showValues === true,
          prune: options.prune === true,
        });
        print(settings.json ? [JSON.stringify(diff, null, 2)] : formatDiff(diff, paint));
      }
      setExit(ExitCode.ok);
    });

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

  withWaitFlags(program.command('publish'))
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
  $ config-center publish config/production.yaml -m "raise the limit" --wait 90 --rollback-on-reject${EXIT_CODES_HELP}`,
    )
    .action(
      async (
        target: string,
        options: { message: string; dryRun?: boolean; prune?: boolean; force?: boolean } & WaitFlags,
        command: Command,
      ) => {
        const wait = waitOptionsOf(options);
        const settings = settingsOf(command);
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
(with --json, the field changedOutside of the last version: the changed keys, never their values).${EXIT_CODES_HELP}`,
    )
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsOf(command);
      const versions = await historyCommand(settings);
      print(settings.json ? [JSON.stringify(versions, null, 2)] : formatHistory(versions));
    });

  program
    .command('show')
    .argument('<version>', 'a version number from history')
    .description('List the keys of a version; values only with --show-values, as they may be secrets.')
    .option('--show-values', 'print the values too')
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center show 3\n  $ config-center show 3 --show-values --json\n  $ config-center show 3 --consul http://127.0.0.1:8500 --prefix configs/orders/${EXIT_CODES_HELP}`,
    )
    .action(async (version: string, options: { showValues?: boolean }, command: Command) => {
      const settings = settingsOf(command);
      const record = await showCommand(settings, version, options.showValues === true);
      print(settings.json ? [JSON.stringify(record, null, 2)] : formatShow(record, options.showValues === true));
    });

  withWaitFlags(program.command('rollback'))
    .argument('<version>', 'the version to restore')
    .description("Validate a version against today's sections, then publish it as a new version (same compare-and-swap).")
    .requiredOption('-m, --message <message>', 'why: recorded in the history')
    .option('--dry-run', 'validate and check the transaction, write nothing')
    .addHelpText(
      'after',
      `\nExamples:\n  $ config-center rollback 3 -m "back to before the outage"\n  $ config-center rollback 3 -m "back" --dry-run --json --consul http://127.0.0.1:8500 --prefix configs/orders/${EXIT_CODES_HELP}`,
    )
    .action(async (version: string, options: { message: string; dryRun?: boolean } & WaitFlags, command: Command) => {
      const wait = waitOptionsOf(options);
      const settings = settingsOf(command);
      const rollback = { message: options.message, dryRun: options.dryRun === true, showValues: false };
      reportPublish(settings, await rollbackCommand(settings, version, rollback, wait));
    });
  const context = { io, settingsOf, print, reportPublish, setExit, exitCodesHelp: EXIT_CODES_HELP };
  registerLiveCommands(program, context);
  registerRolloutCommands(program, context);
  registerCanaryCommands(program, context);
  registerSecretCommands(program, context);
  return program;
}

/** Runs one command line (`argv` without `node` and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(io, (exit) => (code = exit));
  try {
    if (!argv.length) {
      program.outputHelp();
      return ExitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (error instanceof CliError) {
      io.stderr.write(`config-center: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`config-center: ${redact((error as Error)?.message ?? String(error))}\n`);
    return ExitCode.invalid;
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
