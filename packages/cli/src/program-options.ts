import { Command, Option } from 'commander';
import type { CliIo } from './program-context.interface';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './settings/cli-settings.interface';
import { usageErrorLine } from './output/usage-error-line';

/** The exit codes and settings paragraph the program's help and every command's help end with. */
export const EXIT_CODES_HELP = `
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

/**
 * The `config-center` program without its commands: the fixed global flags every command reads
 * its settings from (see `resolveSettings`), its help and its output on the run's streams.
 */
export function createProgram(io: CliIo): Command {
  return new Command('config-center')
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
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(usageErrorLine(text)),
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
