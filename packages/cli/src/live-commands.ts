import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { DocumentFormat } from './config-document';
import { secretViewOf, withSecretFlags, type SecretFlags } from './commands/secret-flags';
import { waitOptionsOf, withWaitFlags, type WaitFlags } from './commands/wait-flags';
import type { ProgramContext } from './program-context.interface';
import type { CliSettings } from './settings/cli-settings.interface';

const formatOption = () => new Option('--format <format>', 'the file format: yaml or json (--json: json)').choices(['yaml', 'json']);

/**
 * `get`, `export`, `import` and `schema`: the commands that read or replace the live config as a
 * whole file, and describe it. Each command's code loads when it runs.
 */
export function registerLiveCommands(program: Command, context: ProgramContext): void {
  const { io, settingsOf, print, exitCodesHelp } = context;
  const formatOf = (options: { format?: string }, settings: CliSettings): DocumentFormat =>
    (options.format as DocumentFormat | undefined) ?? (settings.json ? 'json' : 'yaml');

  withSecretFlags(program.command('get'))
    .argument('<path>', 'a config path (rateLimit.limit) or a key (rateLimit/limit); a path with a / is a key')
    .description(
      'Print the live value at a path, or the keys below it as a config file. This command PRINTS VALUES (enc: ones as [secret <kid>]).',
    )
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Examples:
  $ config-center get rateLimit.limit          # the text of the key rateLimit/limit
  $ config-center get rateLimit                # the subtree as YAML
  $ config-center get rateLimit --format json
  $ config-center get features/app.yaml --json # a key whose name holds dots
  $ config-center get rateLimit.limit --etcd 10.0.0.1:2379 --prefix /configs/orders/production/
  $ config-center get rateLimit --consul http://127.0.0.1:8500 --prefix configs/orders/production/
  $ config-center get db.password --show-secrets --key-dir /run/secrets/config-center
Unlike diff and show, get prints values: it is for reading them. An encrypted value prints as
[secret k1] (its key id), never its ciphertext; its plaintext only with --show-secrets and its key.${exitCodesHelp}`,
    )
    .action(async (path: string, options: { format?: string } & SecretFlags, command: Command) => {
      const settings = settingsOf(command);
      const { getCommand } = await import('./commands/get.command');
      const view = await secretViewOf(options, settings, io.cwd);
      const { document, ...result } = await getCommand(settings, path, formatOf(options, settings), view);
      if (settings.json) print([JSON.stringify(result, null, 2)]);
      else io.stdout.write(document ?? `${result.value}\n`);
    });

  withSecretFlags(program.command('export'))
    .description('Print the live keys under the prefix as one config file that import reads back to the same keys. Prints values.')
    .addOption(formatOption())
    .addHelpText(
      'after',
      `
Examples:
  $ config-center export > production.yaml
  $ config-center export --format json > production.json
  $ config-center export --json --etcd 10.0.0.1:2379 --prefix /configs/orders/production/ > production.json
  $ config-center export --consul http://127.0.0.1:8500 --prefix configs/orders/production/ > production.yaml
Texts keep their bytes: 1.10, 007 and a "true" that is text are quoted strings; 5 and true stay plain.
Keys a file cannot hold (a key with keys below it, a name the app leaves out) are named and nothing is printed.
An encrypted value is exported as [secret k1], which import refuses: carry secrets with encrypt, or
--show-secrets (plaintext in the file: handle it as the secret it is).${exitCodesHelp}`,
    )
    .action(async (options: { format?: string } & SecretFlags, command: Command) => {
      const settings = settingsOf(command);
      const { exportCommand } = await import('./commands/export.command');
      const view = await secretViewOf(options, settings, io.cwd);
      io.stdout.write(await exportCommand(settings, formatOf(options, settings), view));
    });

  withWaitFlags(program.command('import'))
    .argument('<file>', 'a whole config file, as export writes it (.yaml/.json), or a directory')
    .description('Replace the prefix with a whole file: validate it, then publish it with --prune (same compare-and-swap and history).')
    .requiredOption('-m, --message <message>', 'why: recorded in the history')
    .option('--dry-run', 'validate and check the transaction, write nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center export --prefix /configs/orders/staging/ > staging.yaml
  $ config-center import staging.yaml --prefix /configs/orders/production/ -m "promote staging"
  $ config-center import backup.json -m "restore" --dry-run --json
  $ config-center export --etcd 10.0.0.1:2379 --prefix /configs/orders/ > orders.yaml   # from etcd …
  $ config-center import orders.yaml --consul http://127.0.0.1:8500 --prefix configs/orders/ -m "move to Consul"   # … to Consul
Keys under the prefix that the file does not hold are deleted; the keys written hold the same bytes,
whichever backend the file was exported from. An invalid file is never written.${exitCodesHelp}`,
    )
    .action(async (file: string, options: { message: string; dryRun?: boolean } & WaitFlags, command: Command) => {
      const wait = waitOptionsOf(options);
      const settings = settingsOf(command);
      const imported = { message: options.message, dryRun: options.dryRun === true, showValues: false };
      const { importCommand } = await import('./commands/import.command');
      context.reportPublish(settings, await importCommand(settings, file, io.cwd, imported, wait));
    });

  program
    .command('schema')
    .description("Print a JSON Schema (draft 2020-12) of the config the service's sections read, each at its section path.")
    .option('--out <file>', 'write the schema to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ config-center schema --sections dist/config/sections.js > config.schema.json
  $ config-center schema --out config.schema.json --json   # {"out": …, "notes": […]}
It reads no backend, only the sections module. Class sections come from their class-validator
decorators and field types; defineSection ones from their schema library's JSON Schema support.
A section that cannot be exported is noted on stderr.${exitCodesHelp}`,
    )
    .action(async (options: { out?: string }, command: Command) => {
      const settings = settingsOf(command);
      const { schemaCommand } = await import('./commands/schema.command');
      const { schema, notes } = schemaCommand(settings);
      for (const note of notes) io.stderr.write(`warning: ${note}\n`);
      const text = `${JSON.stringify(schema, null, 2)}\n`;
      if (options.out === undefined) return void io.stdout.write(text);
      const out = resolve(io.cwd, options.out);
      writeFileSync(out, text);
      print(settings.json ? [JSON.stringify({ out, notes }, null, 2)] : [`wrote the JSON Schema to ${out}`]);
    });
}
